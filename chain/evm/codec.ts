import { getAddress, type EventFragment, type Interface, type ParamType, type Result } from "ethers";
import { ChainError, revertError } from "../errors";
import type { LedgerEvent } from "../events";
import type { Role } from "../ledger";
import { GUARANTEE_KINDS } from "../values";
import { suiteErrorInterface } from "./artifacts";
import type { RawLog } from "./rpc";

export const ROLE_BITS: Record<Role, number> = {
  operator: 1,
  regulator: 2,
  core: 4,
  supplier: 8,
  bank: 16,
  warehouse: 32,
  guarantor: 64,
  insurer: 128,
};

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
  // `status` is the participant's everywhere but in these errors, which name a receipt's or a loan's.
  const statuses = STATUS_ENUMS[parsed.name];
  if (statuses) args.status = statuses[Number(parsed.args.getValue("status"))];
  return revertError(parsed.name, args, cause);
}

const PARTICIPANT_STATUS = ["none", "active", "suspended", "frozen"] as const;
export const RECEIPT_STATUS = ["none", "active", "pledged", "split", "delivered", "cancelled"] as const;
export const LOAN_STATUS = ["none", "requested", "active", "repaid", "cancelled", "defaulted", "seized"] as const;
export const GUARANTEE_STATUS = ["none", "active", "called", "released", "expired"] as const;
export const CLAIM_STATUS = ["none", "filed", "paid", "rejected"] as const;
const STATUS_ENUMS: Record<string, readonly string[] | undefined> = {
  WarehouseReceiptsNotActive: RECEIPT_STATUS,
  PledgesInvalidStatus: LOAN_STATUS,
  GuaranteesInvalidStatus: GUARANTEE_STATUS,
};

/** A commodity or grade code: ASCII, left-aligned in 16 bytes, zero-padded. */
export function codeToBytes16(code: string): string {
  const bytes = Buffer.from(code, "ascii");
  if (bytes.length > 16 || !/^[\x21-\x7e]*$/.test(code)) throw new RangeError(`Not a ledger code: ${code}`);
  return `0x${bytes.toString("hex").padEnd(32, "0")}`;
}

export function bytes16ToCode(hex: string): string {
  return Buffer.from(hex.slice(2), "hex").toString("ascii").replace(/\0+$/, "");
}

// Names under which a uint is a time, a small count, or role bits rather than money or an id.
const TIME_FIELDS = new Set(["maturity", "expiry", "deadline", "until", "start", "end"]);
const NUMBER_FIELDS = new Set([
  "rateBps",
  "feeBps",
  "depth",
  "days_",
  "maxDepth",
  "maxTermDays",
  "graceSeconds",
  "day",
  "maxPledgeRateBps",
  "warningBps",
  "callBps",
  "callDays",
  "graceDays",
]);
const ROLE_FIELDS = new Set(["roles", "role"]);

/** Checksummed addresses, memoised: a ledger has few participants and their addresses recur in every event. */
const checksums = new Map<string, string>();
export function checksum(address: string): string {
  const lower = address.toLowerCase();
  let c = checksums.get(lower);
  if (!c) {
    c = getAddress(lower);
    if (checksums.size > 100_000) checksums.clear();
    checksums.set(lower, c);
  }
  return c;
}

function convert(param: ParamType, value: unknown): unknown {
  if (param.baseType === "tuple") return namedArgs(param.components ?? [], value as unknown[]);
  if (param.isArray()) return (value as unknown[]).map((v) => convert(param.arrayChildren, v));
  if (param.type === "address") return checksum(value as string);
  if (param.type === "bytes16") return bytes16ToCode(value as string);
  if (param.type.startsWith("uint") || param.type.startsWith("int")) {
    const n = value as bigint;
    if (TIME_FIELDS.has(param.name)) return fromSeconds(n);
    if (ROLE_FIELDS.has(param.name)) return bitsToRoles(Number(n));
    if (param.name === "status") return PARTICIPANT_STATUS[Number(n)];
    // Every `kind` of the suite is a guarantee's (IGuarantees.Kind).
    if (param.name === "kind") return GUARANTEE_KINDS[Number(n)];
    if (NUMBER_FIELDS.has(param.name)) return Number(n);
    return n;
  }
  return value;
}

export function namedArgs(inputs: readonly ParamType[], values: Result | readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  inputs.forEach((p, i) => {
    const key = p.name === "days_" ? "days" : p.name;
    out[key] = convert(p, values[i]);
  });
  return out;
}


/**
 * Events whose names another contract also uses are renamed: the cash token's ERC-20 ones so that they cannot be
 * mistaken for the voucher's ERC-721 ones, the pledge module's bounds and fee for the credit rules' and financing's.
 */
const RENAMES: Record<string, Record<string, string> | undefined> = {
  SettlementCash: { Transfer: "CashTransfer", Approval: "CashApproval" },
  Pledges: { BoundsChanged: "PledgeBoundsChanged", FeeChanged: "PledgeFeeChanged" },
};

export interface LogSource {
  name: string;
  iface: Interface;
  /** topic0 → event, computed once: ethers' own lookup hashes every event signature on every call. */
  events: Map<string, EventFragment>;
}

export function logSource(name: string, iface: Interface): LogSource {
  const events = new Map<string, EventFragment>();
  iface.forEachEvent((e) => events.set(e.topicHash, e));
  return { name, iface, events };
}

export function decodeLog(log: RawLog, byAddress: ReadonlyMap<string, LogSource>): LedgerEvent | undefined {
  const source = byAddress.get(log.address.toLowerCase());
  const fragment = source?.events.get(log.topics[0] ?? "");
  if (!source || !fragment) return undefined;
  let values: Result | unknown[] | undefined;
  try {
    values = decodeStaticEvent(fragment, log);
  } catch {
    // The fast path's limits are not faults: the general decoder reads what it cannot.
    values = undefined;
  }
  // A log of the suite's own contracts that its ABI cannot read is a fault: it throws, so the indexer stops and
  // says so instead of leaving the event out of the projection.
  values ??= source.iface.decodeEventLog(fragment, log.data, log.topics);
  const name = RENAMES[source.name]?.[fragment.name] ?? fragment.name;
  const args = namedArgs(fragment.inputs, values);
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

/**
 * Decodes an event whose parameters are all static (every ledger event is): each indexed one is a topic,
 * each other one a 32-byte word of data, a static tuple a run of words. Several times faster than the general
 * ABI decoder, which matters to indexer catch-up. Returns undefined for anything it does not handle.
 */
function decodeStaticEvent(fragment: EventFragment, log: RawLog): unknown[] | undefined {
  const data = log.data.startsWith("0x") ? log.data.slice(2) : log.data;
  let topic = 1;
  let word = 0;
  const next = (): string | undefined => {
    const w = data.slice(word * 64, word * 64 + 64);
    word += 1;
    return w.length === 64 ? w : undefined;
  };
  const read = (p: ParamType, hex: string | undefined): unknown => {
    if (hex === undefined) throw new Error("short event data");
    if (p.type === "address") return `0x${hex.slice(24)}`;
    if (p.type === "bool") return hex !== "0".repeat(64);
    if (p.type === "bytes32") return `0x${hex}`;
    // Left-aligned, as every bytesN is in a word.
    if (p.type === "bytes16") return `0x${hex.slice(0, 32)}`;
    if (/^uint\d+$/.test(p.type)) return BigInt(`0x${hex}`);
    throw new Error(`unsupported ${p.type}`);
  };
  const out: unknown[] = [];
  for (const p of fragment.inputs) {
    if (p.indexed) {
      if (p.baseType === "tuple" || p.baseType === "array" || p.type === "string" || p.type === "bytes") return undefined;
      out.push(read(p, log.topics[topic++]?.slice(2)));
    } else if (p.baseType === "tuple") {
      if ((p.components ?? []).some((c) => c.baseType === "tuple" || c.baseType === "array")) return undefined;
      out.push((p.components ?? []).map((c) => read(c, next())));
    } else if (p.baseType === "array" || p.type === "string" || p.type === "bytes" || p.type.startsWith("int")) {
      return undefined;
    } else {
      out.push(read(p, next()));
    }
  }
  return out;
}
