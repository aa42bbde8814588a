/** JSON shapes shared by the audit and report routes: ledger events and money in their stored arguments. */
import { z } from "zod";
import { formatYuan } from "../money";
import type { EventRow } from "./ledger-event.repository";

/**
 * Argument names under which the ledger's events and the reconciliation carry money (fen). Every other number
 * is an id, a count, a rate or a time.
 */
const MONEY_FIELDS = new Set([
  "amount",
  "value",
  "redeemedValue",
  "limit",
  "used",
  "locked",
  "escrowed",
  "outstanding",
  "interest",
  "fee",
  "net",
  "shortfall",
  "minSplit",
  "minSplitFloor",
  "balance",
  "total",
]);

export const isMoneyField = (name: string): boolean => MONEY_FIELDS.has(name);

/** Stored event arguments with money turned from fen into yuan strings, at any depth. */
export function yuanArgs(value: unknown, key = ""): unknown {
  if (typeof value === "string" && isMoneyField(key) && /^\d+$/.test(value)) return formatYuan(BigInt(value));
  if (Array.isArray(value)) return value.map((v) => yuanArgs(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, yuanArgs(v, k)]));
  }
  return value;
}

export const ledgerEvent = z.object({
  blockNumber: z.number().int(),
  logIndex: z.number().int(),
  blockHash: z.string(),
  txHash: z.string(),
  contract: z.string(),
  name: z.string(),
  args: z.record(z.string(), z.unknown()).meta({
    description: "The event's arguments: addresses checksummed, ids as decimal strings, money as yuan strings, times ISO 8601",
  }),
});

export const eventJson = (e: EventRow) => ({
  blockNumber: e.blockNumber,
  logIndex: e.logIndex,
  blockHash: e.blockHash,
  txHash: e.txHash,
  contract: e.contract,
  name: e.name,
  args: yuanArgs(e.args) as Record<string, unknown>,
});
