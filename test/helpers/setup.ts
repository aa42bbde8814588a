// Hardhat 2 loads hardhat.config.ts through ts-node only from its CLI; as a library inside a test worker it
// needs the require hook registered first.
import { register } from "ts-node";
import { afterEach } from "vitest";
import { reportOpenConsoles } from "./failure-report";

register({ transpileOnly: true, compilerOptions: { module: "commonjs", moduleResolution: "node" } });

// A failed test of a file with a console open (a browser test) reports what the server and each page saw.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") await reportOpenConsoles(`${ctx.task.file.name} > ${ctx.task.name}`);
});
