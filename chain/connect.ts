import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getAddress, getCreateAddress, ZeroAddress } from "ethers";
import { ChainError } from "./errors";
import type { Account, KeyRing, Ledger } from "./ledger";
import type { NonceAllocator } from "./nonces";
import { EmbeddedChain, type StartReport } from "./embedded/embedded-chain";
import { artifactOf } from "./evm/artifacts";
import { EvmLedger } from "./evm/evm-ledger";
import { RemoteTransport } from "./evm/remote-transport";
import { HttpRpc, type Rpc } from "./evm/rpc";
import { Submitter, type Transport } from "./evm/submitter";
import { constructorArgs, predictSuite, suiteCreations, SUITE, type ContractName, type SuiteAddresses } from "./evm/suite";
import type { FabricKeyRing } from "./fabric/identities";
import type { FabricSettings } from "./fabric/settings";
import { startFabricLedger } from "./fabric/start";

export type ChainConfig =
  | { mode: "embedded"; dataDir: string; chainId?: bigint }
  | {
      mode: "external";
      rpcUrl: string;
      /** Where the deployment record is kept when the contracts are deployed from here. */
      dataDir: string;
      chainId?: bigint;
      /** Addresses of an existing deployment; deployed on first start when absent. */
      contracts?: SuiteAddresses;
      confirmations?: number;
      /** Zero on a permissioned chain; otherwise read from the node. */
      gasPrice?: bigint;
    }
  | {
      mode: "fabric";
      dataDir: string;
      fabric: FabricSettings;
      /** Where administrators leave identities they enrolled with Fabric CA (chain/fabric/identity-files.ts). */
      identitiesDir?: string;
      /** A Fabric CA the platform enrols identities with itself (chain/fabric/fabric-ca.ts). */
      ca?: FabricCaSettings;
    };

/** What ledger events name as their emitter on this chain: the suite's contracts, or on Fabric the one chaincode. */
export function emittersOf(config: ChainConfig): readonly [string, ...string[]] {
  return config.mode === "fabric" ? [config.fabric.chaincode] : SUITE;
}

export interface FabricCaSettings {
  url: string;
  caName?: string;
  /** A file holding the CA server's TLS root (PEM). */
  tlsCertFile?: string;
  /** The registrar's MSP folder, as `fabric-ca-client enroll` left the CA admin's enrolment. */
  registrarDir: string;
}

export interface Deployment {
  chainId: string;
  deployer: Account;
  addresses: SuiteAddresses;
}

export interface PlatformAccounts {
  /** Sends the deployment transactions (and funds gas where the chain charges for it). */
  deployer: Account;
  operator: Account;
  regulator: Account;
}

export interface Connected {
  ledger: Ledger;
  deployment: Deployment;
  /** What the embedded chain replayed on start; undefined for an external chain. */
  replay?: StartReport;
  /** Set when this start deployed the contracts. */
  deployedNow: boolean;
  /** Contracts added to the suite since the recorded deployment, which this start deployed beside it. */
  addedNow: ContractName[];
}

/**
 * Reaches the configured chain, deploys the contract suite on first start (recording the addresses in the
 * data directory), and returns the ledger port. The only place that picks between embedded, external and Fabric.
 * `nonces` is for an external chain that several processes sign on (a count they share); the embedded chain
 * has one process by construction and always counts in memory.
 */
export async function connectLedger(
  config: ChainConfig,
  keys: KeyRing,
  accounts: PlatformAccounts,
  warn: (m: string) => void = () => {
    // No sink given: the caller (a test, a script) chose not to hear that a torn block-log record was dropped.
  },
  nonces?: NonceAllocator,
  /** Who signs for which organisation on Fabric; required there, unused on an EVM. */
  identities?: FabricKeyRing,
): Promise<Connected> {
  if (config.mode === "fabric") {
    if (!identities) throw new ChainError("SIGNER_UNKNOWN", "The Fabric ledger needs the organisations' identities", false);
    return connectFabric(config.fabric, identities, accounts);
  }
  let rpc: Rpc;
  let transport: Transport;
  let chainId: bigint;
  let gasPrice: bigint;
  let replay: StartReport | undefined;
  let confirmedHead: () => Promise<number>;
  let clock: ConstructorParameters<typeof EvmLedger>[0]["clock"];
  let onClose: (() => Promise<void>) | undefined;
  let shared: NonceAllocator | undefined;
  let preflight = true;

  if (config.mode === "embedded") {
    const started = await EmbeddedChain.start({ dataDir: config.dataDir, chainId: config.chainId, warn });
    const chain = started.chain;
    replay = started.report;
    rpc = chain.rpc;
    transport = chain;
    chainId = chain.chainId;
    gasPrice = 0n;
    confirmedHead = () => Promise.resolve(chain.durableHead);
    // Milliseconds kept: records stamped within one second still sort in the order they were made.
    const current = () => new Date(Date.now() + chain.clockOffset * 1000);
    clock = {
      now: () => Promise.resolve(new Date(Math.floor(current().getTime() / 1000) * 1000)),
      current,
      advance: async (seconds) => {
        const b = await chain.advance(seconds);
        return { number: b.number, hash: b.hash, timestamp: new Date(b.time * 1000) };
      },
    };
    onClose = () => chain.close();
    // Gas is free and nonces are counted by this process alone: a transaction that reverts costs a block slot,
    // and its reason is read from the mined transaction, so the call before every write is pure overhead.
    preflight = false;
  } else {
    shared = nonces;
    rpc = new HttpRpc(config.rpcUrl);
    const confirmations = config.confirmations ?? 0;
    transport = new RemoteTransport(rpc, { confirmations });
    chainId = BigInt(await rpc.request<string>("eth_chainId"));
    if (config.chainId !== undefined && config.chainId !== chainId) {
      throw new ChainError("CHAIN_ID_MISMATCH", `The node at ${config.rpcUrl} is chain ${chainId}, not ${config.chainId}`, false);
    }
    gasPrice = config.gasPrice ?? BigInt(await rpc.request<string>("eth_gasPrice"));
    confirmedHead = async () => Math.max(0, Number(await rpc.request<string>("eth_blockNumber")) - confirmations);
    clock = {
      now: async () => {
        const b = await rpc.request<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
        return new Date(Number(b.timestamp) * 1000);
      },
      current: () => new Date(),
    };
  }

  const record = path.join(config.dataDir, "chain", "deployment.json");
  let deployment = config.mode === "external" && config.contracts
    ? { chainId: String(chainId), deployer: getAddress(accounts.deployer), addresses: config.contracts }
    : readDeployment(record, chainId);
  let deployedNow = false;
  let addedNow: ContractName[] = [];
  if (!deployment) {
    const submitter = new Submitter(rpc, keys, transport, { chainId, gasPrice, nonces: shared });
    deployment = await deploy(rpc, submitter, chainId, accounts);
    writeDeployment(record, deployment);
    deployedNow = true;
  } else if (!(config.mode === "external" && config.contracts) && missingFrom(deployment).length > 0) {
    // Addresses given in the configuration are the operator's to complete; a record this platform wrote is its own.
    const submitter = new Submitter(rpc, keys, transport, { chainId, gasPrice, nonces: shared });
    addedNow = missingFrom(deployment);
    deployment = await deployAdded(rpc, submitter, deployment, accounts);
    writeDeployment(record, deployment);
  }
  await assertDeployed(rpc, deployment.addresses);

  const ledger = new EvmLedger({
    rpc,
    transport,
    keys,
    addresses: deployment.addresses,
    chainId,
    gasPrice,
    confirmedHead,
    clock,
    funder: accounts.deployer,
    onClose,
    nonces: shared,
    preflight,
  });
  return { ledger, deployment, replay, deployedNow, addedNow };
}

/**
 * Fabric has no contract addresses: the chaincode is named by channel and name. The record says so with zero
 * addresses, which nothing on Fabric reads (the EVM-only services refuse with LEDGER_UNSUPPORTED first).
 */
async function connectFabric(settings: FabricSettings, identities: FabricKeyRing, accounts: PlatformAccounts): Promise<Connected> {
  const { ledger, initialisedNow } = await startFabricLedger({ settings, identities, operator: accounts.operator, regulator: accounts.regulator });
  const addresses = Object.fromEntries(SUITE.map((name) => [name, ZeroAddress])) as SuiteAddresses;
  const deployment = { chainId: `fabric:${settings.channel}/${settings.chaincode}`, deployer: getAddress(accounts.operator), addresses };
  return { ledger, deployment, deployedNow: initialisedNow, addedNow: [] };
}

const missingFrom = (d: Deployment): ContractName[] => SUITE.filter((name) => !(d.addresses as Partial<SuiteAddresses>)[name]);

/**
 * Deploys the contracts the suite gained since `d` was recorded, so that a data directory made before them keeps
 * working. Only a contract no recorded one was built to trust can be added: the recorded ones hold their peers'
 * addresses as immutables, and would never know a newcomer they were meant to call.
 */
async function deployAdded(rpc: Rpc, submitter: Submitter, d: Deployment, accounts: PlatformAccounts): Promise<Deployment> {
  const missing = missingFrom(d);
  const deployer = getAddress(accounts.deployer);
  const nonce = Number(await rpc.request<string>("eth_getTransactionCount", [deployer, "pending"]));
  const added = Object.fromEntries(missing.map((name, i) => [name, getCreateAddress({ from: deployer, nonce: nonce + i })]));
  const addresses: SuiteAddresses = { ...d.addresses, ...added };
  const roles = { operator: accounts.operator, regulator: accounts.regulator };
  for (const name of SUITE.filter((n) => !missing.includes(n))) {
    const trusts = constructorArgs(name, addresses, roles).flat().map(String);
    const newcomer = missing.find((m) => trusts.includes(addresses[m]));
    if (newcomer) throw new ChainError("CONTRACTS_MISSING", `${name} was deployed before ${newcomer}, which it must trust: deploy the suite afresh`, false);
  }
  const creations = (await suiteCreations(addresses, roles, artifactOf)).filter((c) => missing.includes(c.name));
  for (const { name, data } of creations) {
    const receipt = await submitter.submit(deployer, null, data);
    if (!receipt.contractAddress || getAddress(receipt.contractAddress) !== addresses[name]) {
      throw new ChainError("DEPLOYMENT_DIVERGED", `${name} landed at ${receipt.contractAddress}, not ${addresses[name]}`, false);
    }
  }
  return { ...d, addresses };
}

async function deploy(rpc: Rpc, submitter: Submitter, chainId: bigint, accounts: PlatformAccounts): Promise<Deployment> {
  const deployer = getAddress(accounts.deployer);
  const nonce = Number(await rpc.request<string>("eth_getTransactionCount", [deployer, "pending"]));
  const addresses = predictSuite(deployer, nonce);
  const creations = await suiteCreations(addresses, { operator: accounts.operator, regulator: accounts.regulator }, artifactOf);
  for (const { name, data } of creations) {
    const receipt = await submitter.submit(deployer, null, data);
    const landed = receipt.contractAddress;
    if (!landed || getAddress(landed) !== addresses[name]) {
      throw new ChainError("DEPLOYMENT_DIVERGED", `${name} landed at ${landed}, not ${addresses[name]}`, false);
    }
  }
  return { chainId: String(chainId), deployer, addresses };
}

function readDeployment(file: string, chainId: bigint): Deployment | undefined {
  if (!existsSync(file)) return undefined;
  const d = JSON.parse(readFileSync(file, "utf8")) as Deployment;
  if (d.chainId !== String(chainId)) {
    throw new ChainError("CHAIN_ID_MISMATCH", `${file} records chain ${d.chainId}, but the chain is ${chainId}`, false);
  }
  return d;
}

function writeDeployment(file: string, d: Deployment): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(d, null, 2) + "\n");
  renameSync(tmp, file);
}

async function assertDeployed(rpc: Rpc, addresses: SuiteAddresses): Promise<void> {
  for (const name of SUITE) {
    if (!addresses[name]) {
      // A record this platform wrote gained its newcomers above; addresses given in the configuration did not.
      throw new ChainError("CONTRACTS_MISSING", `The configured contracts name no ${name}: deploy it and add its address, or start on a new data directory (npm start -- --reset)`, false);
    }
    const code = await rpc.request<string>("eth_getCode", [addresses[name], "latest"]);
    if (!code || code === "0x") {
      throw new ChainError("CONTRACTS_MISSING", `No ${name} contract at ${addresses[name]}: wrong chain or data directory?`, false);
    }
  }
}
