/**
 * Configuration, read from the environment once at start; anything malformed stops start-up with a message
 * that names the variable.
 */
import path from "node:path";
import type { ChainConfig } from "../../chain/connect";
import type { SuiteAddresses } from "../../chain/evm/suite";
import type { DatabaseConfig } from "./db/database";

export interface Config {
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  chain: ChainConfig;
  /** SCF_MASTER_KEY, when set. */
  masterKey: string | undefined;
  /** A funded key for deploying and paying gas on an external chain that charges for it. */
  deployerKey: string | undefined;
  /** How often the background jobs run. */
  jobIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, not "${raw}"`);
  return Number(raw);
}

function contracts(raw: string | undefined): SuiteAddresses | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as SuiteAddresses;
  } catch {
    throw new ConfigError("CHAIN_CONTRACTS must be a JSON object of contract name to address");
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.SCF_DATA_DIR || "./data");
  const database: DatabaseConfig = env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL, poolSize: integer(env, "DATABASE_POOL_SIZE", 10, 1) }
    : { kind: "pglite", dataDir: path.join(dataDir, "pglite") };
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    throw new ConfigError("DATABASE_URL must be a postgresql:// URL");
  }
  const chainId = env.CHAIN_ID ? BigInt(integer(env, "CHAIN_ID", 0, 1)) : undefined;
  const chain: ChainConfig = env.CHAIN_RPC_URL
    ? {
        mode: "external",
        rpcUrl: env.CHAIN_RPC_URL,
        dataDir,
        chainId,
        contracts: contracts(env.CHAIN_CONTRACTS),
        confirmations: integer(env, "CHAIN_CONFIRMATIONS", 0),
        gasPrice: env.CHAIN_GAS_PRICE === undefined || env.CHAIN_GAS_PRICE === "" ? undefined : BigInt(integer(env, "CHAIN_GAS_PRICE", 0)),
      }
    : { mode: "embedded", dataDir, chainId };
  return {
    port: integer(env, "PORT", 8080, 0),
    dataDir,
    database,
    chain,
    masterKey: env.SCF_MASTER_KEY || undefined,
    deployerKey: env.CHAIN_DEPLOYER_KEY || undefined,
    jobIntervalMs: integer(env, "SCF_JOB_INTERVAL_MS", 1000, 10),
  };
}
