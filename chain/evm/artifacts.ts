import { readFileSync } from "node:fs";
import path from "node:path";
import { Interface, type InterfaceAbi } from "ethers";
import { suiteAbis } from "./abi";
import type { Artifact, ContractName } from "./suite";

/** Where `hardhat compile` writes the suite's ABIs and bytecode. */
export const ARTIFACTS_DIR = path.resolve(__dirname, "../../artifacts/contracts");

const cache = new Map<ContractName, Artifact>();

/** A contract's ABI and creation bytecode, for deploying it. */
export function artifactOf(name: ContractName): Artifact {
  let a = cache.get(name);
  if (!a) {
    const file = path.join(ARTIFACTS_DIR, `${name}.sol`, `${name}.json`);
    let json: Artifact;
    try {
      json = JSON.parse(readFileSync(file, "utf8")) as Artifact;
    } catch (e) {
      throw new Error(`Cannot read ${file}: run \`npm run compile\` first`, { cause: e });
    }
    a = { abi: json.abi, bytecode: json.bytecode };
    cache.set(name, a);
  }
  return a;
}

let errors: Interface | undefined;

/** Every custom error of every contract, so that a revert bubbling up through modules decodes anywhere. */
export function suiteErrorInterface(): Interface {
  if (!errors) {
    const byName = new Map<string, (typeof suiteAbis)[ContractName][number]>();
    for (const abi of Object.values(suiteAbis)) for (const f of abi) if (f.type === "error") byName.set(f.name, f);
    errors = new Interface([...byName.values()] as InterfaceAbi);
  }
  return errors;
}
