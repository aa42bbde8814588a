/**
 * The values the chaincode speaks in, parsed strictly from the strings a transaction carries: accounts are
 * lower-case 0x addresses, money and times are bigint (decimal strings on the wire), small counts are numbers.
 * Input the EVM's ABI encoder would have refused is refused here as LedgerInvalidArgument, and nothing changes.
 */
import { refusal } from "./errors";

/** Role bits, as contracts/libraries/Roles.sol assigns them. */
export const ROLE = {
  operator: 1,
  regulator: 2,
  core: 4,
  supplier: 8,
  bank: 16,
  warehouse: 32,
  guarantor: 64,
  insurer: 128,
} as const;
export type RoleName = keyof typeof ROLE;
export const ALL_ROLES = 255;

export const ZERO_ACCOUNT = "0x0000000000000000000000000000000000000000";
export const ZERO_BYTES32 = `0x${"0".repeat(64)}`;
/**
 * Where escrowed settlement cash sits: the EVM keeps it in the Settlement contract's balance. No key can sign
 * for this address, and the chaincode pays out of it only what a funded slot owes.
 */
export const ESCROW_ACCOUNT = "0x000000000000000000000000000000005e771e00";

/**
 * Whose allowance pays risk-query fees: the EVM's DataServices contract draws on the bank's allowance to itself.
 * No key can sign for this address either.
 */
export const DATA_SERVICES_ACCOUNT = "0x00000000000000000000000000000000da7a5e41";

export const U16_MAX = 0xffff;
export const U32_MAX = 0xffff_ffffn;
export const U40_MAX = 0xff_ffff_ffffn;
export const U64_MAX = 0xffff_ffff_ffff_ffffn;

const invalid = (what: string) => refusal("LedgerInvalidArgument", what);

export function parseAccount(raw: unknown, what: string): string {
  if (typeof raw !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(raw)) throw invalid(what);
  return raw.toLowerCase();
}

export function parseBytes32(raw: unknown, what: string): string {
  if (typeof raw !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(raw)) throw invalid(what);
  return raw.toLowerCase();
}

/** A non-negative integer written in decimal, no sign, no leading zeros, at most `max`. */
export function parseUint(raw: unknown, what: string, max: bigint): bigint {
  if (typeof raw !== "string" || !/^(0|[1-9][0-9]{0,39})$/.test(raw)) throw invalid(what);
  const value = BigInt(raw);
  if (value > max) throw invalid(what);
  return value;
}

/** A small count (bps, depth, days), as a decimal string or a JSON integer, at most `max`. */
export function parseSmall(raw: unknown, what: string, max: number): number {
  const text = typeof raw === "number" && Number.isSafeInteger(raw) ? String(raw) : raw;
  return Number(parseUint(text, what, BigInt(max)));
}

export function parseBool(raw: unknown, what: string): boolean {
  if (raw === true || raw === "true") return true;
  if (raw === false || raw === "false") return false;
  throw invalid(what);
}

/** A JSON array (of strings, for accounts, keys and amounts). */
export function parseList(raw: unknown, what: string): unknown[] {
  if (typeof raw !== "string") throw invalid(what);
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw invalid(what);
  }
  if (!Array.isArray(list)) throw invalid(what);
  return list;
}

/** A JSON object, for the rules and bounds structs. */
export function parseRecord(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== "string") throw invalid(what);
  let record: unknown;
  try {
    record = JSON.parse(raw);
  } catch {
    throw invalid(what);
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) throw invalid(what);
  return record as Record<string, unknown>;
}

/** Role bits from the names a certificate attribute lists, comma-separated. */
export function roleBits(names: string, what: string): number {
  let bits = 0;
  for (const name of names.split(",").map((n) => n.trim())) {
    if (name === "") continue;
    if (!Object.hasOwn(ROLE, name)) throw refusal("IdentityInvalidRoles", what);
    bits |= ROLE[name as RoleName];
  }
  return bits;
}

/** ERC-3525's slot id, as contracts/libraries/SlotIds.sol packs it: `debtor << 40 | maturity`. */
export const slotId = (debtor: string, maturity: bigint): bigint => (BigInt(debtor) << 40n) | maturity;
