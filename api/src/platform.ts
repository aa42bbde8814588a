/**
 * Opens everything the platform runs on, in order: the database (with migrations), the master key and key
 * vault, the platform's own accounts, the ledger (deploying the contracts on first start) and the indexer.
 * A second start picks up where the first stopped: the same accounts, the same contracts, the same
 * checkpoint.
 */
import type { Connected, PlatformAccounts } from "../../chain/connect";
import { connectLedger, emittersOf } from "../../chain/connect";
import type { FabricEnroller } from "../../chain/fabric/identities";
import type { Ledger } from "../../chain/ledger";
import type { Config } from "./config";
import { openDatabase, type Database } from "./db/database";
import { Indexer } from "./indexer/indexer";
import { PrismaIndexerStore } from "./indexer/indexer.repository";
import { LedgerReadCache } from "./indexer/ledger-read-cache";
import { ParticipantStandings } from "./indexer/participant-standings";
import { KeyVault } from "./keys/key-vault";
import { deriveKey } from "./keys/derived-key";
import { KeyRepository } from "./keys/key.repository";
import type { KeyCompartment } from "./keys/key-compartments";
import { loadMasterKey, parseMasterKey } from "./keys/master-key";
import { DatabaseNonces } from "./keys/nonce.repository";
import { fabricIdentities } from "./keys/fabric-enrolment";
import { FabricIdentityRepository } from "./keys/fabric-identity.repository";
import { WebhookOutbox } from "./webhooks/webhook-outbox";
import { NotificationInbox } from "./notifications/notification-inbox";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./alerts/alert-thresholds";
import { AlertRaiser } from "./alerts/alert-raiser";

export interface Platform {
  db: Database;
  vault: KeyVault;
  keys: KeyRepository;
  /** The key of the audit log's request digests (HMAC-SHA256), derived from the master key; never logged. */
  auditDigestKey: Uint8Array;
  /** The key webhook endpoints' signing secrets are sealed under (AES-256-GCM), derived from the master key. */
  webhookSecretKey: Uint8Array;
  /** The key each organisation's document key is sealed under (JWE dir + A256GCM), derived from the master key. */
  documentKeyKey: Uint8Array;
  /** The seed of the access tokens' Ed25519 key, derived from the master key: every process signs alike; never logged. */
  accessTokenSeed: Uint8Array;
  ledger: Ledger;
  accounts: PlatformAccounts;
  deployment: Connected["deployment"];
  /** What ledger events name as their emitter: the suite's contracts, or on Fabric the one chaincode. */
  emitters: readonly [string, ...string[]];
  indexer: Indexer;
  /** The indexer's store: its commit listeners (the webhook outbox) write in the same transaction as the events. */
  indexerStore: PrismaIndexerStore;
  /** The webhook outbox, for the off-ledger facts a service records (financing quotes and acceptances). */
  outbox: WebhookOutbox;
  /** Participants' standing, kept in memory where this process's indexer is the projection's only writer. */
  standings: ParticipantStandings;
  /** The risk rules' thresholds, from the configuration. */
  alertThresholds: AlertThresholds;
  close(): Promise<void>;
}

export interface PlatformLog {
  info(message: string): void;
  warn(message: string): void;
}

const SYSTEM_ACCOUNTS = ["deployer", "operator", "regulator"] as const;

export interface PlatformOptions {
  /** Where new Fabric identities come from; by default the directory FABRIC_IDENTITIES_DIR names. */
  fabricEnroller?: FabricEnroller;
}

export async function openPlatform(config: Config, log: PlatformLog, options: PlatformOptions = {}): Promise<Platform> {
  // The key first: a missing one should stop start-up before anything is migrated or deployed.
  const masterKey = loadMasterKey({
    env: config.masterKey,
    dataDir: config.dataDir,
    allowGenerated: config.chain.mode === "embedded" && config.database.kind === "pglite",
    warn: (m) => log.warn(m),
  });
  const db = await openDatabase(config.database);
  try {
    const keys = new KeyRepository(db.prisma);
    const own = Object.entries(config.compartmentMasterKeys ?? {}).map(([c, text]) => [c, parseMasterKey(text)]);
    const vault = new KeyVault(keys, masterKey, Object.fromEntries(own) as Partial<Record<KeyCompartment, Uint8Array>>);
    const resealed = await vault.migrate();
    if (resealed > 0) log.info(`Re-sealed ${resealed} ledger keys, each under its compartment's key`);
    const accounts = await systemAccounts(keys, vault, config.deployerKey);
    // Several processes can share a server database, and sign for the same organisations on an external chain:
    // their nonces are counted in that database. PGlite is one process, and the embedded chain counts in memory.
    const nonces = config.database.kind === "postgres" ? new DatabaseNonces(db.prisma) : undefined;
    const identities = config.chain.mode === "fabric" ? await fabricIdentities(config.chain, new FabricIdentityRepository(db.prisma), vault, accounts, options.fabricEnroller) : undefined;
    const connected = await connectLedger(config.chain, vault, accounts, (m) => log.warn(m), nonces, identities);
    if (connected.replay && connected.replay.replayedBlocks > 0) {
      const r = connected.replay;
      log.info(`Replayed ${r.replayedBlocks} blocks (${r.replayedTxs} transactions) from the block log in ${r.replayMs} ms`);
    }
    if (connected.deployedNow) {
      log.info(config.chain.mode === "fabric" ? `Initialised the chaincode (${connected.deployment.chainId})` : `Deployed the ledger contracts on chain ${connected.deployment.chainId}`);
    }
    if (connected.addedNow.length > 0) log.info(`Deployed ${connected.addedNow.join(", ")}, added to the ledger since its contracts were deployed`);
    // The operator and the regulator sign transactions of their own (registrations, freezes, redemptions).
    for (const account of [accounts.operator, accounts.regulator]) await connected.ledger.ensureGas(account);
    // The outbox and the notifications are part of every commit from the first catch-up on, so no event indexed at
    // start-up goes unreported.
    const outbox = new WebhookOutbox();
    // PGlite admits one process: this one's indexer sees every change to the projection, so caches of it can be told.
    const soleProcess = config.database.kind === "pglite";
    const standings = new ParticipantStandings(soleProcess);
    const reads = new LedgerReadCache(soleProcess);
    const alertThresholds = config.alerts ?? DEFAULT_ALERT_THRESHOLDS;
    const indexerStore = new PrismaIndexerStore(db.prisma, [outbox, new NotificationInbox(), new AlertRaiser(() => connected.ledger.clock.current(), alertThresholds)], [
      (events) => standings.committed(events),
      (events) => reads.committed(events),
    ]);
    const indexer = new Indexer(connected.ledger.history, indexerStore, {
      onError: (e) => log.warn(`Indexer: ${(e as Error).message}`),
    });
    await indexer.catchUp();
    const ledger = reads.wrap(connected.ledger);
    return {
      db,
      vault,
      keys,
      auditDigestKey: deriveKey(masterKey, "audit-digest"),
      webhookSecretKey: deriveKey(masterKey, "webhook-secrets"),
      documentKeyKey: deriveKey(masterKey, "document-keys"),
      accessTokenSeed: deriveKey(masterKey, "access-tokens"),
      ledger,
      accounts,
      deployment: connected.deployment,
      emitters: emittersOf(config.chain),
      indexer,
      indexerStore,
      outbox,
      standings,
      alertThresholds,
      async close() {
        // Each is closed even when the one before it failed: a pool left open keeps the process alive.
        try {
          await indexer.drain();
        } finally {
          try {
            await ledger.close();
          } finally {
            await db.close();
          }
        }
      },
    };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}

/** The deployer, operator and regulator keys, created once and kept sealed like organisations' keys. */
async function systemAccounts(keys: KeyRepository, vault: KeyVault, deployerKey: string | undefined): Promise<PlatformAccounts> {
  const out: Partial<Record<(typeof SYSTEM_ACCOUNTS)[number], string>> = {};
  for (const name of SYSTEM_ACCOUNTS) {
    let account = await keys.systemAccount(name);
    if (!account) {
      // Each system account is a compartment of its own: the operator's key never opens with the regulator's.
      const key = name === "deployer" && deployerKey ? await vault.seal(deployerKey, name) : await vault.create(name);
      await keys.saveSystemAccount(name, key);
      account = key.account;
    }
    out[name] = account;
  }
  return out as PlatformAccounts;
}
