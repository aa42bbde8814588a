// Hardhat 2 loads hardhat.config.ts through ts-node only from its CLI; as a library inside a test worker it
// needs the require hook registered first.
import { register } from "ts-node";

register({ transpileOnly: true, compilerOptions: { module: "commonjs", moduleResolution: "node" } });
