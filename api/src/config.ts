/**
 * Configuration, read from the environment once at start through one zod schema; anything malformed stops
 * start-up with a message that names the variable. No other product code reads `process.env`.
 */
import path from "node:path";
import { z } from "zod";
import type { ChainConfig } from "../../chain/connect";
import { SUITE } from "../../chain/evm/suite";
import type { DatabaseConfig } from "./db/database";

export interface Config {
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  chain: ChainConfig;
  /** SCF_MASTER_KEY, when set. */
  masterKey: string | undefined;
  /** SCF_MASTER_KEY_REGULATOR, _OPERATOR, _SETTLEMENT_BANK: a compartment's own master key, when set. */
  compartmentMasterKeys?: { regulator?: string; operator?: string; "settlement-bank"?: string };
  /** A funded key for deploying and paying gas on an external chain that charges for it. */
  deployerKey: string | undefined;
  /** How often the background jobs run. */
  jobIntervalMs: number;
  /** Whether the first start loads the demo cast (SCF_SEED=0 turns it off). */
  seed: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** An unset or empty variable is absent: `FOO=` in a shell or a compose file means "not set" to the people who write it. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const integer = (min: number) =>
  z.string().regex(/^\d+$/, `must be an integer ≥ ${min}`).transform(Number).refine((n) => n >= min, `must be an integer ≥ ${min}`);

/** CHAIN_CONTRACTS: a JSON object naming every contract of the suite and nothing else, each at an address. */
const contracts = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON object of contract name to address" });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.enum(SUITE), z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address")));

const Env = z.object({
  PORT: optional(integer(0)).default(8080),
  SCF_DATA_DIR: optional(z.string()).default("./data"),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")),
  DATABASE_POOL_SIZE: optional(integer(1)).default(10),
  CHAIN_RPC_URL: optional(z.url({ protocol: /^https?$/ })),
  CHAIN_ID: optional(integer(1)),
  CHAIN_CONTRACTS: optional(contracts),
  CHAIN_CONFIRMATIONS: optional(integer(0)).default(0),
  CHAIN_GAS_PRICE: optional(integer(0)),
  CHAIN_DEPLOYER_KEY: optional(z.string()),
  SCF_MASTER_KEY: optional(z.string()),
  SCF_MASTER_KEY_REGULATOR: optional(z.string()),
  SCF_MASTER_KEY_OPERATOR: optional(z.string()),
  SCF_MASTER_KEY_SETTLEMENT_BANK: optional(z.string()),
  SCF_JOB_INTERVAL_MS: optional(integer(10)).default(1000),
  SCF_SEED: optional(z.enum(["0", "1"], "must be 0 or 1")).default("1"),
});

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    // Only the variable's name and what is wrong with it: a malformed secret must not be echoed to the log.
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join(".")} ${i.message}`);
    throw new ConfigError(issues.join("; "));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.SCF_DATA_DIR);
  const database: DatabaseConfig = e.DATABASE_URL
    ? { kind: "postgres", url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
    : { kind: "pglite", dataDir: path.join(dataDir, "pglite") };
  const chainId = e.CHAIN_ID === undefined ? undefined : BigInt(e.CHAIN_ID);
  const chain: ChainConfig = e.CHAIN_RPC_URL
    ? {
        mode: "external",
        rpcUrl: e.CHAIN_RPC_URL,
        dataDir,
        chainId,
        contracts: e.CHAIN_CONTRACTS,
        confirmations: e.CHAIN_CONFIRMATIONS,
        gasPrice: e.CHAIN_GAS_PRICE === undefined ? undefined : BigInt(e.CHAIN_GAS_PRICE),
      }
    : { mode: "embedded", dataDir, chainId };
  return {
    port: e.PORT,
    dataDir,
    database,
    chain,
    masterKey: e.SCF_MASTER_KEY,
    compartmentMasterKeys: {
      ...(e.SCF_MASTER_KEY_REGULATOR ? { regulator: e.SCF_MASTER_KEY_REGULATOR } : {}),
      ...(e.SCF_MASTER_KEY_OPERATOR ? { operator: e.SCF_MASTER_KEY_OPERATOR } : {}),
      ...(e.SCF_MASTER_KEY_SETTLEMENT_BANK ? { "settlement-bank": e.SCF_MASTER_KEY_SETTLEMENT_BANK } : {}),
    },
    deployerKey: e.CHAIN_DEPLOYER_KEY,
    jobIntervalMs: e.SCF_JOB_INTERVAL_MS,
    seed: e.SCF_SEED === "1",
  };
}
