/**
 * The inventory-pledge contracts (warehouse receipts, commodity prices, pledges) deployed beside a seeded
 * ledger, as the suite will deploy them: each holds its peers' addresses, predicted from the deployer's nonce.
 * Shared by the receipt, price and pledge tests and their property test. Money is bigint fen, quantities
 * bigint grams, prices bigint fen per tonne.
 */
import hre from "hardhat";
import { Contract, encodeBytes32String, getCreateAddress, keccak256, toUtf8Bytes, type Signer } from "ethers";
import { as, DAY, increaseTo, latest, mined, ROLE, type Actors, type Ledger } from "../helpers/ledger";

export interface Inventory {
  Receipts: Contract;
  Prices: Contract;
  Pledges: Contract;
  warehouse: Signer;
  warehouse2: Signer;
  /** The operator's market-data desk: the operator appoints itself publisher. */
  publisher: Signer;
}

/** A commodity code as the ledger stores it: the ASCII code, left-aligned in 16 bytes. */
export const commodity = (code: string): string => encodeBytes32String(code).slice(0, 34);
export const LI2CO3 = commodity("LI2CO3");
export const COPPER = commodity("CU");
export const GRADE = commodity("battery-99.5");
/** ¥75,000.00 a tonne of lithium carbonate, in fen. */
export const LI_PRICE = 7_500_000n;
export const TONNE = 1_000_000n;

let counter = 0;
/** Fresh, distinct commitments for one inbound: never used before in this process. */
export function attestation(): { inbound: string; reading: string; location: string; document: string } {
  counter += 1;
  const h = (what: string) => keccak256(toUtf8Bytes(`${what}-${counter}`));
  return { inbound: h("inbound"), reading: h("reading"), location: h("bay"), document: h("document") };
}

export async function deployInventory(ledger: Ledger, a: Actors): Promise<Inventory> {
  const signers = await hre.ethers.getSigners();
  const [warehouse, warehouse2] = [signers[13], signers[14]];
  const participants = await ledger.Participants.getAddress();
  const cash = await ledger.SettlementCash.getAddress();
  const from = await a.deployer.getAddress();
  const nonce = await a.deployer.getNonce("pending");
  const pledgesAt = getCreateAddress({ from, nonce: nonce + 2 });
  const deploy = async (name: string, args: unknown[]) => {
    const f = await hre.ethers.getContractFactory(name, a.deployer);
    const c = await f.deploy(...args);
    await c.waitForDeployment();
    return new Contract(await c.getAddress(), f.interface, a.deployer);
  };
  const Prices = await deploy("CommodityPrices", [participants]);
  const Receipts = await deploy("WarehouseReceipts", [participants, pledgesAt]);
  const Pledges = await deploy("Pledges", [participants, await Receipts.getAddress(), await Prices.getAddress(), cash]);
  if ((await Pledges.getAddress()) !== pledgesAt) throw new Error("Pledges did not land where WarehouseReceipts expects it");

  const p = as(ledger.Participants, a.operator);
  for (const w of [warehouse, warehouse2]) {
    const account = await w.getAddress();
    await mined(p.register(account, ROLE.WAREHOUSE, keccak256(toUtf8Bytes(account)), keccak256("0x01")));
  }
  await mined(as(Prices, a.operator).appointPublisher(await a.operator.getAddress()));
  return { Receipts, Prices, Pledges, warehouse, warehouse2, publisher: a.operator };
}

/** `warehouse` issues a receipt of `quantity` grams of `code` to `depositor`; returns its id. */
export async function issueReceipt(
  inv: Inventory,
  depositor: Signer,
  quantity: bigint,
  code = LI2CO3,
  warehouse = inv.warehouse,
): Promise<bigint> {
  const terms = { depositor: await depositor.getAddress(), commodity: code, grade: GRADE, quantity, weighed: quantity, ...attestation() };
  await mined(as(inv.Receipts, warehouse).issue(terms));
  return (await inv.Receipts.lastId()) as bigint;
}

/** The publisher posts today's price of `code`. */
export async function postPrice(inv: Inventory, fenPerTonne: bigint, code = LI2CO3): Promise<void> {
  await mined(as(inv.Prices, inv.publisher).post(code, fenPerTonne));
}

/** Moves the chain to 09:00 CST `days` days after today's CST date. */
export async function toDay(days: number): Promise<number> {
  const now = await latest();
  const cstDay = Math.floor((now + 8 * 3600) / DAY);
  const t = (cstDay + days) * DAY - 8 * 3600 + 9 * 3600;
  await increaseTo(t);
  return t;
}

/** Floor of quantity × price / 1 t: the ledger's value of a lot, in fen. */
export const valueOf = (grams: bigint, fenPerTonne: bigint): bigint => (grams * fenPerTonne) / TONNE;

/** The bank and borrower allow the pledge contract to move their settlement cash, and `bank` lends at 70%. */
export async function readyToLend(ledger: Ledger, inv: Inventory, a: Actors, borrower: Signer): Promise<void> {
  const pledges = await inv.Pledges.getAddress();
  for (const s of [a.bank, a.bank2, borrower]) await mined(as(ledger.SettlementCash, s).approve(pledges, 2n ** 255n));
  await mined(as(inv.Pledges, a.bank).setPledgeRate(LI2CO3, 7_000));
  // Cash for the interest: the borrower holds none before its first drawdown.
  await mined(as(ledger.SettlementCash, a.bank).mint(await borrower.getAddress(), 1_000_000_00n, keccak256(toUtf8Bytes(`interest-${await borrower.getAddress()}`))));
}
