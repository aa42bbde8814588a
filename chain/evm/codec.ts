import { getAddress, type Interface, type LogDescription, type ParamType, type Result } from "ethers";
import { ChainError, revertError } from "../errors";
import type { LedgerEvent } from "../events";
import type { Role } from "../ledger";
import { suiteErrorInterface } from "./artifacts";

export const ROLE_BITS: Record<Role, number> = { operator: 1, regulator: 2, core: 4, supplier: 8, bank: 16 };

export function rolesToBits(roles: readonly Role[]): number {
  return roles.reduce((bits, r) => bits | ROLE_BITS[r], 0);
}

export function bitsToRoles(bits: number): Role[] {
  return (Object.keys(ROLE_BITS) as Role[]).filter((r) => (bits & ROLE_BITS[r]) !== 0);
}

export const toSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
export const fromSeconds = (s: bigint | number): Date => new Date(Number(s) * 1000);

/** Turns revert data into a typed ChainError with named, domain-converted arguments. */
export function decodeRevert(data: string | undefined, cause?: unknown): ChainError {
  if (!data || data === "0x") {
    return new ChainError("LEDGER_REVERTED", "The ledger refused the transaction without a reason", false, undefined, {
      cause,
    });
  }
  const parsed = suiteErrorInterface().parseError(data);
  if (!parsed) {
    return new ChainError("LEDGER_REVERTED", `The ledger refused the transaction (${data.slice(0, 10)})`, false, undefined, {
      cause,
    });
  }
  const args = namedArgs(parsed.fragment.inputs, parsed.args);
  if (typeof args.slot === "bigint") Object.assign(args, unpackSlot(args.slot));
  return revertError(parsed.name, args, cause);
}

const PARTICIPANT_STATUS = ["none", "active", "suspended", "frozen"] as const;

// Names under which a uint is a time, a small count, or role bits rather than money or an id.
const TIME_FIELDS = new Set(["maturity", "expiry", "deadline"]);
const NUMBER_FIELDS = new Set([
  "rateBps",
  "feeBps",
  "depth",
  "days_",
  "maxDepth",
  "maxTermDays",
  "graceSeconds",
]);
const ROLE_FIELDS = new Set(["roles", "role"]);

function convert(param: ParamType, value: unknown): unknown {
  if (param.baseType === "tuple") return namedArgs(param.components ?? [], value as Result);
  if (param.baseType === "array") return (value as unknown[]).map((v) => convert(param.arrayChildren!, v));
  if (param.type === "address") return getAddress(value as string);
  if (param.type.startsWith("uint") || param.type.startsWith("int")) {
    const n = value as bigint;
    if (TIME_FIELDS.has(param.name)) return fromSeconds(n);
    if (ROLE_FIELDS.has(param.name)) return bitsToRoles(Number(n));
    if (param.name === "status") return PARTICIPANT_STATUS[Number(n)];
    if (NUMBER_FIELDS.has(param.name)) return Number(n);
    return n;
  }
  return value;
}

export function namedArgs(inputs: readonly ParamType[], values: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  inputs.forEach((p, i) => {
    const key = p.name === "days_" ? "days" : p.name;
    out[key] = convert(p, values[i]);
  });
  return out;
}

interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  logIndex: string;
  transactionHash: string;
}

/** ERC-20 events of the cash token are renamed so that they cannot be mistaken for the voucher's ERC-721 ones. */
const CASH_RENAMES: Record<string, string> = { Transfer: "CashTransfer", Approval: "CashApproval" };

export function decodeLog(
  log: RawLog,
  byAddress: ReadonlyMap<string, { name: string; iface: Interface }>,
): LedgerEvent | undefined {
  const source = byAddress.get(log.address.toLowerCase());
  if (!source) return undefined;
  let desc: LogDescription | null;
  try {
    desc = source.iface.parseLog({ topics: log.topics, data: log.data });
  } catch {
    return undefined;
  }
  if (!desc) return undefined;
  const name = source.name === "SettlementCash" ? (CASH_RENAMES[desc.name] ?? desc.name) : desc.name;
  const args = namedArgs(desc.fragment.inputs, desc.args);
  if (name === "SlotFunded") Object.assign(args, unpackSlot(args.slot as bigint));
  return {
    contract: source.name,
    name,
    args,
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash,
    logIndex: Number(log.logIndex),
    txHash: log.transactionHash,
  } as LedgerEvent;
}

/** The slot id packs `debtor << 40 | maturity`, exactly as the contract's SlotIds library does. */
export function unpackSlot(slot: bigint): { debtor: string; maturity: Date } {
  return {
    debtor: getAddress(`0x${(slot >> 40n).toString(16).padStart(40, "0")}`),
    maturity: fromSeconds(slot & 0xff_ffff_ffffn),
  };
}
