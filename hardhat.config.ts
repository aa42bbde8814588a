import { subtask, task } from "hardhat/config";
import { TASK_COMPILE, TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/types";
import "@nomicfoundation/hardhat-ethers";
import { writeAbiModules } from "./chain/evm/abi-codegen";

const SOLC_VERSION = "0.8.30";

// These machines reach only the npm registry, so Hardhat's compiler download
// (HH502) can never work: compile with solc-js from the `solc` package instead.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) {
    const build: unknown = await runSuper();
    return build;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version().replace(/\.Emscripten\.clang$/, ""),
  };
});

// The typed contract bindings need each ABI as a TypeScript `as const` module: every compile, from the CLI or
// through `hre.run("compile")`, writes them (into the gitignored chain/evm/abi/) from the fresh artifacts.
task(TASK_COMPILE, async (args, hre, runSuper) => {
  const result: unknown = await runSuper(args);
  await writeAbiModules(hre.artifacts);
  return result;
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      // OpenZeppelin 5.7 uses mcopy; Hardhat 2 would default to paris.
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 1000 },
    },
  },
  networks: {
    hardhat: {
      // Vouchers mature in months; tests and the embedded chain move time explicitly.
      allowBlocksWithSameTimestamp: true,
    },
  },
  paths: { sources: "./contracts", tests: "./test", cache: "./cache", artifacts: "./artifacts" },
};

export default config;
