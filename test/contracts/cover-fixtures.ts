/**
 * Guarantees, cargo policies and warehouse fees deployed beside a seeded ledger and its inventory contracts (the
 * inventory fixtures deploy their own receipts and pledges, which the suite's cover contracts do not trust). A guarantor, a second guarantor that is also a bank (to try guaranteeing itself) and an
 * insurer are registered, funded with settlement cash and have allowed the three contracts to move it. Money is
 * bigint fen.
 */
import hre from "hardhat";
import { Contract, keccak256, toUtf8Bytes, type Signer } from "ethers";
import { as, mined, ROLE, type Actors, type Ledger } from "../helpers/ledger";
import type { Inventory } from "./inventory-fixtures";

export interface Cover {
  Guarantees: Contract;
  Policies: Contract;
  Fees: Contract;
  guarantor: Signer;
  /** A guarantor that is a bank too. */
  guarantorBank: Signer;
  insurer: Signer;
}

/** Cash each of the cover's parties starts with: ¥100,000,000.00. */
export const COVER_CASH = 10_000_000_000n;
export const MAX_ALLOWANCE = 2n ** 255n;

export async function deployCover(ledger: Ledger, a: Actors, inv: Inventory): Promise<Cover> {
  const signers = await hre.ethers.getSigners();
  const [guarantor, guarantorBank, insurer] = [signers[15], signers[16], signers[17]];
  const participants = await ledger.Participants.getAddress();
  const cash = await ledger.SettlementCash.getAddress();
  const deploy = async (name: string, args: unknown[]) => {
    const f = await hre.ethers.getContractFactory(name, a.deployer);
    const c = await f.deploy(...args);
    await c.waitForDeployment();
    return new Contract(await c.getAddress(), f.interface, a.deployer);
  };
  const [vouchers, settlement, receipts, pledges] = await Promise.all(
    [ledger.Vouchers, ledger.Settlement, inv.Receipts, inv.Pledges].map((c) => c.getAddress()),
  );
  const Guarantees = await deploy("Guarantees", [participants, vouchers, settlement, pledges, cash]);
  const Policies = await deploy("CargoPolicies", [participants, receipts, pledges, cash]);
  const Fees = await deploy("WarehouseFees", [participants, receipts, cash]);

  const p = as(ledger.Participants, a.operator);
  for (const [s, roles] of [[guarantor, ROLE.GUARANTOR], [guarantorBank, ROLE.GUARANTOR | ROLE.BANK], [insurer, ROLE.INSURER]] as const) {
    const account = await s.getAddress();
    await mined(p.register(account, roles, keccak256(toUtf8Bytes(account)), keccak256("0x01")));
    await mined(as(ledger.SettlementCash, a.bank).mint(account, COVER_CASH, keccak256(toUtf8Bytes(`cover-${account}`))));
  }
  const spenders = await Promise.all([Guarantees, Policies, Fees].map((c) => c.getAddress()));
  const payers = [guarantor, guarantorBank, insurer, a.bank, a.bank2, a.core, a.s1, a.s2, a.operator];
  for (const s of payers) for (const spender of spenders) await mined(as(ledger.SettlementCash, s).approve(spender, MAX_ALLOWANCE));
  return { Guarantees, Policies, Fees, guarantor, guarantorBank, insurer };
}
