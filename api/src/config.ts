/**
 * Configuration, read from the environment once at start through one zod schema; anything malformed stops
 * start-up with a message that names the variable. No other product code reads `process.env`.
 */
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import type { ChainConfig } from "../../chain/connect";
import { SUITE } from "../../chain/evm/suite";
import { fabricSettingsFromEnv, FabricSettingsError } from "../../chain/fabric/settings";
import type { DatabaseConfig } from "./db/database";
import { StartupError } from "./startup-error";
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from "./http/listen";
import { DEFAULT_RATE_LIMITS, type RateLimits } from "./http/rate-limit";
import { DEFAULT_IDEMPOTENCY_LEASE_MS } from "./http/idempotency.repository";
import type { VerificationConfig } from "./verification/verifiers";
import { alertThresholdsFrom, type AlertThresholds } from "./alerts/alert-thresholds";
import type { TargetPolicy } from "./webhooks/webhook-target";

/** Express's `trust proxy`: none, every hop, this many hops, or these addresses and subnets. */
export type TrustProxy = boolean | number | string;

export interface HttpConfig extends ServerLimits {
  /** SCF_TRUST_PROXY: which proxies' X-Forwarded-For and -Proto are believed (the per-address limits key on it). */
  trustProxy: TrustProxy;
  /** SCF_HSTS=1: send Strict-Transport-Security even when no trusted proxy says the request came over TLS. */
  hsts: boolean;
  rateLimits: RateLimits;
  /** SCF_IDEMPOTENCY_LEASE_MS: how long an Idempotency-Key claim holds before a retry calls it abandoned. */
  idempotencyLeaseMs: number;
}

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
  /** Addresses a Prometheus scraper may read /metrics from without signing in (SCF_METRICS_ALLOW). */
  metricsAllow: string[];
  /** How often the background jobs run. */
  jobIntervalMs: number;
  /**
   * Whether the first start loads the demo cast, whose passwords are published in the README: by default only
   * on the embedded chain with PGlite (a laptop), never on an external chain or database unless SCF_SEED=1.
   */
  seed: boolean;
  http: HttpConfig;
  /** SCF_WEBHOOK_ALLOW_PRIVATE=1: webhook endpoints may be plain http and private, loopback or link-local hosts. */
  webhooks: TargetPolicy;
  /** The business registry's and the invoice verifier's gateways; the embedded sandbox for each one unset. */
  verification?: VerificationConfig;
  /** The risk rules' thresholds (SCF_ALERT_*), each unset one at its default. */
  alerts?: AlertThresholds;
}

export class ConfigError extends StartupError {
  override name = "ConfigError";
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

/** Express's named ranges, or an IPv4 or IPv6 address with an optional prefix length. */
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const proxyEntry = (entry: string) => {
  if (PROXY_NAMES.has(entry)) return true;
  const parts = entry.split("/");
  const family = isIP(parts[0]);
  const prefix = parts.at(1);
  return family !== 0 && parts.length <= 2 && (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)));
};
/** "true", "false", a number of hops, or a comma-separated list of proxies' addresses, subnets or range names. */
const trustProxy = z.string().transform((raw, ctx): TrustProxy => {
  if (raw === "true" || raw === "false") return raw === "true";
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(",").map((e) => e.trim());
  if (entries.every(proxyEntry)) return entries.join(",");
  ctx.addIssue({ code: "custom", message: "must be true, false, a number of hops, or addresses, subnets, loopback, linklocal or uniquelocal, comma-separated" });
  return z.NEVER;
});

const Env = z.object({
  PORT: optional(integer(0)).default(8080),
  SCF_DATA_DIR: optional(z.string()).default("./data"),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")),
  DATABASE_POOL_SIZE: optional(integer(1)).default(10),
  SCF_LEDGER: optional(z.enum(["evm", "fabric"], "must be evm or fabric")).default("evm"),
  FABRIC_IDENTITIES_DIR: optional(z.string()),
  FABRIC_CA_URL: optional(z.url({ protocol: /^https?$/ })),
  FABRIC_CA_NAME: optional(z.string().regex(/^[A-Za-z0-9._-]+$/, "must be a CA name")),
  FABRIC_CA_TLS_CERT: optional(z.string()),
  FABRIC_CA_REGISTRAR_DIR: optional(z.string()),
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
  SCF_METRICS_ALLOW: optional(
    z
      .string()
      .transform((list) => list.split(",").map((a) => a.trim()).filter(Boolean))
      .pipe(z.array(z.union([z.ipv4(), z.ipv6()]), "must be a comma-separated list of IP addresses")),
  ).default([]),
  SCF_SEED: optional(z.enum(["0", "1"], "must be 0 or 1")),
  SCF_PGLITE_THREAD: optional(z.enum(["0", "1"], "must be 0 or 1")).default("1"),
  SCF_TRUST_PROXY: optional(trustProxy).default(false),
  SCF_HSTS: optional(z.enum(["0", "1"], "must be 0 or 1")).default("0"),
  SCF_WEBHOOK_ALLOW_PRIVATE: optional(z.enum(["0", "1"], "must be 0 or 1")).default("0"),
  SCF_HEADERS_TIMEOUT_MS: optional(integer(100)).default(DEFAULT_SERVER_LIMITS.headersTimeoutMs),
  SCF_REQUEST_TIMEOUT_MS: optional(integer(100)).default(DEFAULT_SERVER_LIMITS.requestTimeoutMs),
  SCF_KEEP_ALIVE_TIMEOUT_MS: optional(integer(100)).default(DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs),
  SCF_MAX_CONNECTIONS: optional(integer(1)).default(DEFAULT_SERVER_LIMITS.maxConnections),
  SCF_IDEMPOTENCY_LEASE_MS: optional(integer(1000)).default(DEFAULT_IDEMPOTENCY_LEASE_MS),
  // Requests per second and burst of each credential, and of each address without a working one.
  SCF_RATE_LIMIT: optional(integer(1)).default(DEFAULT_RATE_LIMITS.credential.perSecond),
  SCF_RATE_BURST: optional(integer(1)).default(DEFAULT_RATE_LIMITS.credential.burst),
  SCF_ADDRESS_RATE_LIMIT: optional(integer(1)).default(DEFAULT_RATE_LIMITS.address.perSecond),
  SCF_ADDRESS_RATE_BURST: optional(integer(1)).default(DEFAULT_RATE_LIMITS.address.burst),
  SCF_REGISTRY_URL: optional(z.url({ protocol: /^https?$/ })),
  SCF_REGISTRY_TOKEN: optional(z.string()),
  SCF_INVOICE_VERIFIER_URL: optional(z.url({ protocol: /^https?$/ })),
  SCF_INVOICE_VERIFIER_TOKEN: optional(z.string()),
  SCF_VERIFIER_TIMEOUT_MS: optional(integer(100)).default(3000),
});

const FABRIC_VARIABLES = ["FABRIC_GATEWAY_ENDPOINT", "FABRIC_MSP_ID", "FABRIC_TLS_CERT", "FABRIC_IDENTITIES_DIR", "FABRIC_CA_URL"] as const;
const EVM_VARIABLES = ["CHAIN_RPC_URL", "CHAIN_ID", "CHAIN_CONTRACTS", "CHAIN_DEPLOYER_KEY", "CHAIN_GAS_PRICE"] as const;

/** SCF_LEDGER=fabric: the peer's gateway and the identities (chain/fabric/settings.ts checks the connection). */
function fabricChain(env: NodeJS.ProcessEnv, e: z.infer<typeof Env>, dataDir: string): ChainConfig {
  const stray = EVM_VARIABLES.find((name) => env[name]);
  if (stray) throw new ConfigError(`${stray} is for an EVM ledger; unset it with SCF_LEDGER=fabric`);
  if (e.FABRIC_CA_URL && !e.FABRIC_CA_REGISTRAR_DIR) {
    throw new ConfigError("FABRIC_CA_REGISTRAR_DIR is required with FABRIC_CA_URL: the MSP folder of the CA registrar's enrolment");
  }
  const ca = e.FABRIC_CA_URL && e.FABRIC_CA_REGISTRAR_DIR
    ? {
        url: e.FABRIC_CA_URL,
        caName: e.FABRIC_CA_NAME,
        tlsCertFile: e.FABRIC_CA_TLS_CERT && path.resolve(e.FABRIC_CA_TLS_CERT),
        registrarDir: path.resolve(e.FABRIC_CA_REGISTRAR_DIR),
      }
    : undefined;
  try {
    const fabric = fabricSettingsFromEnv(env);
    return { mode: "fabric", dataDir, fabric, identitiesDir: e.FABRIC_IDENTITIES_DIR && path.resolve(e.FABRIC_IDENTITIES_DIR), ca };
  } catch (err) {
    if (err instanceof FabricSettingsError) throw new ConfigError(err.message);
    throw err;
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  const alerts = alertThresholdsFrom(env);
  if (!parsed.success || alerts.problems.length > 0) {
    // Only the variable's name and what is wrong with it: a malformed secret must not be echoed to the log.
    const issues = (parsed.error?.issues ?? []).map((i) => `${i.path.map(String).join(".")} ${i.message}`);
    throw new ConfigError([...issues, ...alerts.problems].join("; "));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.SCF_DATA_DIR);
  const database: DatabaseConfig = e.DATABASE_URL
    ? { kind: "postgres", url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
    : { kind: "pglite", dataDir: path.join(dataDir, "pglite"), thread: e.SCF_PGLITE_THREAD === "1" };
  const chainId = e.CHAIN_ID === undefined ? undefined : BigInt(e.CHAIN_ID);
  const chain: ChainConfig = e.SCF_LEDGER === "fabric"
    ? fabricChain(env, e, dataDir)
    : e.CHAIN_RPC_URL
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
  if (chain.mode !== "fabric") {
    const stray = FABRIC_VARIABLES.find((name) => env[name]);
    if (stray) throw new ConfigError(`${stray} is set, but SCF_LEDGER is not fabric: set SCF_LEDGER=fabric to start on Fabric`);
  }
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
    metricsAllow: e.SCF_METRICS_ALLOW,
    webhooks: { allowPrivate: e.SCF_WEBHOOK_ALLOW_PRIVATE === "1" },
    verification: {
      registry: e.SCF_REGISTRY_URL ? { url: e.SCF_REGISTRY_URL, token: e.SCF_REGISTRY_TOKEN } : undefined,
      invoices: e.SCF_INVOICE_VERIFIER_URL ? { url: e.SCF_INVOICE_VERIFIER_URL, token: e.SCF_INVOICE_VERIFIER_TOKEN } : undefined,
      timeoutMs: e.SCF_VERIFIER_TIMEOUT_MS,
    },
    alerts: alerts.thresholds,
    seed: e.SCF_SEED === undefined ? chain.mode === "embedded" && database.kind === "pglite" : e.SCF_SEED === "1",
    http: {
      trustProxy: e.SCF_TRUST_PROXY,
      hsts: e.SCF_HSTS === "1",
      // A request's whole body may take longer than its headers, never less.
      headersTimeoutMs: Math.min(e.SCF_HEADERS_TIMEOUT_MS, e.SCF_REQUEST_TIMEOUT_MS),
      requestTimeoutMs: e.SCF_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.SCF_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.SCF_MAX_CONNECTIONS,
      idempotencyLeaseMs: e.SCF_IDEMPOTENCY_LEASE_MS,
      rateLimits: {
        credential: { perSecond: e.SCF_RATE_LIMIT, burst: e.SCF_RATE_BURST },
        address: { perSecond: e.SCF_ADDRESS_RATE_LIMIT, burst: e.SCF_ADDRESS_RATE_BURST },
      },
    },
  };
}
