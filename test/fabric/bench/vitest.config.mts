// bench:fabric runs under vitest, not tsx: the chaincode's decorators need the parameter metadata that
// vitest's transform emits (emitDecoratorMetadata) and tsx's esbuild does not.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/fabric/bench/fabric-bench.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 900_000,
  },
});
