/**
 * Small helpers shared by the voucher, financing and settlement tests (and only by them).
 * Money is bigint fen throughout.
 */
import hre from "hardhat";
import { expect } from "vitest";
import type { ContractTransactionReceipt, ContractTransactionResponse, Signer } from "ethers";
import { as, revertsWith, suiteErrors, type Actors, type Ledger } from "../helpers/ledger";

/** Gas for transactions sent at an exact timestamp: skips estimateGas, which would run at a different time. */
export const GAS = { gasLimit: 5_000_000n } as const;

export const addr = (s: Signer): Promise<string> => s.getAddress();

/**
 * `revertsWith`, but the action starts only once the error ABI is loaded: a transaction that reverts while
 * `revertsWith` is still reading artifacts would otherwise be an unhandled rejection.
 */
export async function reverts(action: () => Promise<unknown>, name: string): Promise<readonly unknown[]> {
  await suiteErrors();
  return revertsWith(action(), name);
}

import { DEFAULT_RULES, type Rules } from "./model/state";

/** `core` sets its rules: the defaults with `changes` applied. */
export async function setRules(ledger: Ledger, core: Signer, changes: Partial<Rules>): Promise<void> {
  await (await as(ledger.CreditPassingRules, core).setRules({ ...DEFAULT_RULES, ...changes })).wait();
}

/** The ERC-3525 slot of a debtor's vouchers maturing at `maturity`. */
export function slotId(debtor: string, maturity: number | bigint): bigint {
  return (BigInt(debtor) << 40n) | BigInt(maturity);
}

/** Sends and mines; returns the receipt. */
export async function mined(tx: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt;
}

/** The next block (the next transaction, with automining) gets exactly `timestamp`. Send it with `GAS`. */
export async function atNext(timestamp: number): Promise<void> {
  await hre.network.provider.send("evm_setNextBlockTimestamp", [timestamp]);
}

export async function blockTime(receipt: ContractTransactionReceipt): Promise<number> {
  return (await receipt.getBlock()).timestamp;
}

export interface VoucherState {
  owner: string;
  value: bigint;
  redeemedValue: bigint;
  locked: bigint;
  depth: bigint;
  financed: boolean;
  root: bigint;
  parent: bigint;
  debtor: string;
  maturity: bigint;
}

export async function voucherOf(ledger: Ledger, id: bigint): Promise<VoucherState> {
  const v = await ledger.Vouchers.voucher(id);
  return { ...v.toObject() } as VoucherState;
}

export async function cashOf(ledger: Ledger, who: Signer | string): Promise<bigint> {
  const account = typeof who === "string" ? who : await who.getAddress();
  return (await ledger.SettlementCash.balanceOf(account)) as bigint;
}

export async function usedOf(ledger: Ledger, bank: Signer, core: Signer): Promise<bigint> {
  return (await ledger.CreditLines.creditLine(await bank.getAddress(), await core.getAddress())).used as bigint;
}

/**
 * Everything a failed call could have touched: every voucher, every slot account, the debtors' outstanding,
 * the credit lines, everyone's cash, the given invoices' use and financing requests.
 */
export async function ledgerState(
  ledger: Ledger,
  a: Actors,
  extra: { keys?: string[]; requests?: bigint[] } = {},
): Promise<unknown> {
  const lastId = (await ledger.Vouchers.lastId()) as bigint;
  const vouchers: VoucherState[] = [];
  for (let id = 1n; id <= lastId; id += 1n) vouchers.push(await voucherOf(ledger, id));
  const slots = [...new Set(vouchers.map((v) => slotId(v.debtor, v.maturity)))];
  const slotAccounts = await Promise.all(slots.map(async (s) => ({ ...(await ledger.Vouchers.slotAccount(s)).toObject() })));
  const people = Object.values(a) as Signer[];
  const cash = await Promise.all(people.map((s) => cashOf(ledger, s)));
  cash.push(await cashOf(ledger, await ledger.Settlement.getAddress()));
  const lines: unknown[] = [];
  for (const bank of [a.bank, a.bank2]) {
    for (const core of [a.core, a.core2]) {
      lines.push({ ...(await ledger.CreditLines.creditLine(await addr(bank), await addr(core))).toObject() });
    }
  }
  const invoices = await Promise.all((extra.keys ?? []).map(async (k) => (await ledger.Invoices.invoice(k)).used as bigint));
  const requests = await Promise.all(
    (extra.requests ?? []).map(async (r) => ({ ...(await ledger.Financing.requestOf(r)).toObject() })),
  );
  return {
    lastId,
    vouchers,
    slotAccounts,
    outstanding: [await ledger.Vouchers.outstandingOf(await addr(a.core)), await ledger.Vouchers.outstandingOf(await addr(a.core2))],
    cash,
    lines,
    invoices,
    requests,
  };
}

/**
 * Asserts that `action` reverts with custom error `name` and leaves the ledger exactly as it was;
 * returns the decoded error arguments.
 */
export async function rejects(
  ledger: Ledger,
  a: Actors,
  action: () => Promise<unknown>,
  name: string,
  extra: { keys?: string[]; requests?: bigint[] } = {},
): Promise<readonly unknown[]> {
  const before = await ledgerState(ledger, a, extra);
  const args = await reverts(action, name);
  expect(await ledgerState(ledger, a, extra)).toEqual(before);
  return args;
}

/** Conservation for one root: live values plus redeemed values of all its pieces equal the face value. */
export async function expectConserved(ledger: Ledger, root: bigint, face: bigint): Promise<void> {
  const lastId = (await ledger.Vouchers.lastId()) as bigint;
  let total = 0n;
  for (let id = 1n; id <= lastId; id += 1n) {
    const v = await voucherOf(ledger, id);
    if (v.root === root) total += v.value + v.redeemedValue;
  }
  expect(total).toBe(face);
}

/** The ERC-3525 events (Transfer, TransferValue, SlotChanged) the voucher ledger emitted in `receipt`, in order. */
export async function erc3525Events(ledger: Ledger, receipt: ContractTransactionReceipt): Promise<unknown[][]> {
  const at = (await ledger.Vouchers.getAddress()).toLowerCase();
  const out: unknown[][] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== at) continue;
    const parsed = ledger.Vouchers.interface.parseLog(log);
    if (parsed && ["Transfer", "TransferValue", "SlotChanged"].includes(parsed.name)) {
      out.push([parsed.name, ...parsed.args.toArray()]);
    }
  }
  return out;
}

/** The `name` events that `contract` emitted in `receipt`, with their arguments, in order. */
export async function eventsOf(
  contract: Ledger[keyof Ledger],
  receipt: ContractTransactionReceipt,
  name: string,
): Promise<unknown[][]> {
  const at = (await contract.getAddress()).toLowerCase();
  return receipt.logs
    .filter((l) => l.address.toLowerCase() === at)
    .map((l) => contract.interface.parseLog(l))
    .filter((p) => p !== null && p.name === name)
    .map((p) => p!.args.toArray());
}
