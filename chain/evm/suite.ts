import { ContractFactory, Interface, getCreateAddress, type BaseContract, type Signer } from "ethers";
// Types only: the compile hook loads this module to generate ./abi, so it must not need ./abi at run time.
import type { SuiteAbis } from "./abi";
import type { ConstructorArgs } from "./abi-types";

/** The ledger's contracts, in deployment order. Each constructor receives the addresses it trusts. */
export const SUITE = [
  "Participants",
  "CreditPassingRules",
  "CreditLines",
  "Invoices",
  "SettlementCash",
  "Vouchers",
  "Financing",
  "Settlement",
  "DataServices",
  "ReadingAnchors",
  // Inventory pledge: the receipts trust the pledge module, which trusts the receipts, the prices and the cash.
  "CommodityPrices",
  "WarehouseReceipts",
  "Pledges",
  // Cover and fees: each trusts only contracts deployed before it, and moves cash through its payer's allowance.
  "Guarantees",
  "CargoPolicies",
  "WarehouseFees",
] as const;

export type ContractName = (typeof SUITE)[number];
export type SuiteAddresses = Record<ContractName, string>;

export interface Artifact {
  abi: readonly unknown[];
  bytecode: string;
}

export type ArtifactSource = (name: ContractName) => Artifact | Promise<Artifact>;

export interface SuiteRoles {
  operator: string;
  regulator: string;
}

/**
 * Where each contract of the suite will land when `deployer` deploys it from nonce `nonce` on.
 * The contracts hold each other's addresses as immutables, which costs no storage read per call;
 * predicting the addresses is what lets every constructor receive them.
 */
export function predictSuite(deployer: string, nonce: number): SuiteAddresses {
  const entries = SUITE.map((name, i) => [name, getCreateAddress({ from: deployer, nonce: nonce + i })]);
  return Object.fromEntries(entries) as SuiteAddresses;
}

/** What each constructor receives, typed from its ABI: a missing or extra argument fails the type check. */
const CONSTRUCTOR_ARGS: { [N in ContractName]: (a: SuiteAddresses, roles: SuiteRoles) => ConstructorArgs<SuiteAbis[N]> } = {
  Participants: (_a, roles) => [roles.operator, roles.regulator],
  CreditPassingRules: (a) => [a.Participants],
  CreditLines: (a) => [a.Participants, a.Financing, a.Settlement],
  Invoices: (a) => [a.Participants, a.Vouchers],
  SettlementCash: (a) => [a.Participants, a.Financing, a.Settlement],
  Vouchers: (a) => [a.Participants, a.CreditPassingRules, a.Invoices, a.CreditLines, a.Financing, a.Settlement],
  Financing: (a, roles) => [a.Participants, a.CreditPassingRules, a.CreditLines, a.Vouchers, a.SettlementCash, roles.operator],
  Settlement: (a) => [a.Participants, a.CreditLines, a.Vouchers, a.SettlementCash],
  DataServices: (a) => [a.Participants, a.SettlementCash],
  ReadingAnchors: (a) => [a.Participants],
  CommodityPrices: (a) => [a.Participants],
  WarehouseReceipts: (a) => [a.Participants, a.Pledges],
  Pledges: (a) => [a.Participants, a.WarehouseReceipts, a.CommodityPrices, a.SettlementCash],
  Guarantees: (a) => [a.Participants, a.Vouchers, a.Settlement, a.Pledges, a.SettlementCash],
  CargoPolicies: (a) => [a.Participants, a.WarehouseReceipts, a.Pledges, a.SettlementCash],
  WarehouseFees: (a) => [a.Participants, a.WarehouseReceipts, a.SettlementCash],
};

export function constructorArgs(name: ContractName, a: SuiteAddresses, roles: SuiteRoles): readonly unknown[] {
  return CONSTRUCTOR_ARGS[name](a, roles);
}

/** The creation data (bytecode and constructor arguments) of each contract, in deployment order. */
export async function suiteCreations(
  addresses: SuiteAddresses,
  roles: SuiteRoles,
  artifacts: ArtifactSource,
): Promise<{ name: ContractName; data: string }[]> {
  const out: { name: ContractName; data: string }[] = [];
  for (const name of SUITE) {
    const { abi, bytecode } = await artifacts(name);
    const args = new Interface(abi as never).encodeDeploy(constructorArgs(name, addresses, roles));
    out.push({ name, data: bytecode + args.slice(2) });
  }
  return out;
}

/**
 * Deploys the whole suite from `deployer`, in order, with consecutive nonces, and checks that every contract
 * landed where its peers expect it. Nothing else may send from `deployer` meanwhile.
 */
export async function deploySuite(
  deployer: Signer,
  roles: SuiteRoles,
  artifacts: ArtifactSource,
): Promise<{ addresses: SuiteAddresses; contracts: Record<ContractName, BaseContract> }> {
  const from = await deployer.getAddress();
  const nonce = await deployer.getNonce("pending");
  const addresses = predictSuite(from, nonce);
  const contracts = {} as Record<ContractName, BaseContract>;
  for (const [i, name] of SUITE.entries()) {
    const { abi, bytecode } = await artifacts(name);
    const factory = new ContractFactory(abi as never, bytecode, deployer);
    const contract = await factory.deploy(...constructorArgs(name, addresses, roles), { nonce: nonce + i });
    await contract.waitForDeployment();
    const actual = await contract.getAddress();
    if (actual !== addresses[name]) {
      throw new Error(`${name} landed at ${actual}, expected ${addresses[name]}: was the deployer used meanwhile?`);
    }
    contracts[name] = contract;
  }
  return { addresses, contracts };
}
