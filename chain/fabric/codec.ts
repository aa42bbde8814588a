/**
 * The chaincode's raw values in domain types, exactly as the EVM codec converts ABI values: accounts
 * checksummed, money and ids as bigint, times as Dates, small counts as numbers, role bits as role names.
 * The chaincode speaks strings and JSON (contracts/fabric/README.md, "Calling it"); this is the way back.
 */
import { ChainError, revertError } from "../errors";
import { bitsToRoles, checksum, fromSeconds, namedArgs, unpackSlot } from "../evm/codec";
import { suiteErrorInterface } from "../evm/artifacts";

const PARTICIPANT_STATUS = ["none", "active", "suspended", "frozen"] as const;
const TIME_FIELDS = new Set(["maturity", "expiry", "deadline", "until"]);
const NUMBER_FIELDS = new Set(["rateBps", "feeBps", "depth", "days", "maxDepth", "maxTermDays", "graceSeconds"]);
const ACCOUNT = /^0x[0-9a-fA-F]{40}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** One raw value under field `name`, converted as the EVM codec would convert the same field. */
export function fromChaincode(name: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => fromChaincode(name, v));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromChaincode(k, v)]));
  }
  if (typeof value === "string" && ACCOUNT.test(value)) return checksum(value);
  const integer = typeof value === "number" || (typeof value === "string" && DECIMAL.test(value));
  if (!integer) return value;
  const n = BigInt(value);
  if (TIME_FIELDS.has(name)) return fromSeconds(n);
  if (name === "roles" || name === "role") return bitsToRoles(Number(n));
  if (name === "status") return PARTICIPANT_STATUS[Number(n)];
  if (NUMBER_FIELDS.has(name)) return Number(n);
  return n;
}

/** A chaincode record or event's arguments, field by field. */
export function recordFrom(raw: Record<string, unknown>): Record<string, unknown> {
  const out = fromChaincode("", raw) as Record<string, unknown>;
  if (typeof out.slot === "bigint" && out.debtor === undefined) Object.assign(out, unpackSlot(out.slot));
  return out;
}

/** `Name(arg, arg)` from a refusal message: the chaincode's custom-error name and its arguments. */
export function parseRefusal(message: string): { name: string; args: string[] } | undefined {
  const m = /\b([A-Z][A-Za-z0-9]*)\(([^()]*)\)/.exec(message);
  if (!m) return undefined;
  const args = m[2].trim() === "" ? [] : m[2].split(",").map((a) => a.trim());
  return { name: m[1], args };
}

/**
 * The refusal as the EVM's revert of the same name: the same stable code, and the arguments named by the
 * Solidity error's parameters where it has them (the Fabric-only errors keep theirs positional).
 */
export function refusalError(message: string, cause: unknown): ChainError {
  const refusal = parseRefusal(message);
  if (!refusal) return new ChainError("LEDGER_REJECTED", "The ledger refused the transaction", false, undefined, { cause });
  const fragment = suiteErrorInterface().getError(refusal.name);
  if (fragment?.inputs.length !== refusal.args.length) {
    return revertError(refusal.name, Object.fromEntries(refusal.args.map((a, i) => [String(i), a])), cause);
  }
  const values = fragment.inputs.map((p, i) => {
    const raw = refusal.args[i];
    if (p.type === "bool") return raw === "true";
    if (/^u?int\d*$/.test(p.type)) return BigInt(raw);
    return raw;
  });
  const args = namedArgs(fragment.inputs, values);
  if (typeof args.slot === "bigint") Object.assign(args, unpackSlot(args.slot));
  return revertError(refusal.name, args, cause);
}
