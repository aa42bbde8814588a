/**
 * The values the ledger speaks in: accounts, money, hashes, roles and the credit-passing rules. Shared by the
 * port (ledger.ts) and its events (events.ts), which both import from here and never from each other.
 */

/** An organisation's ledger account: a checksummed 0x address. */
export type Account = string;
/** Money: an integer number of fen (分). */
export type Fen = bigint;
/** A 0x-prefixed 32-byte hex string (hashes, invoice keys, references). */
export type Bytes32 = string;

/** The kinds of organisation the ledger knows, each a role bit in contracts/libraries/Roles.sol. */
export const ROLES = ["operator", "regulator", "core", "supplier", "bank", "warehouse", "guarantor", "insurer"] as const;
export type Role = (typeof ROLES)[number];
export type ParticipantStatus = "none" | "active" | "suspended" | "frozen";

export interface CreditPassingRules {
  maxDepth: number;
  maxTermDays: number;
  minSplit: Fen;
  invoicesRequired: boolean;
  whitelistOnly: boolean;
  banksRestricted: boolean;
  issuanceCoveredByCredit: boolean;
}

export interface PlatformBounds {
  maxDepth: number;
  maxTermDays: number;
  minSplitFloor: Fen;
  invoicesMandatory: boolean;
  coverageMandatory: boolean;
}

/** The operator's pledge bounds: rates in basis points of the receipts' value, periods in days. */
export interface PledgeBounds {
  maxPledgeRateBps: number;
  warningBps: number;
  callBps: number;
  callDays: number;
  graceDays: number;
}

/** What a guarantee backs: a bank's financed voucher piece, or its pledge loan. */
export const GUARANTEE_KINDS = ["voucherFinancing", "pledgeLoan"] as const;
export type GuaranteeKind = (typeof GUARANTEE_KINDS)[number];
