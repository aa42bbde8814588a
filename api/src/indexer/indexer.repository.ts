import type { LedgerEvent } from "../../../chain/events";
import type { BlockRef, PledgeLoanStatus, Role, WarehouseReceiptStatus } from "../../../chain/ledger";
import { bulkInsert, bulkUpsert, type Column } from "../db/bulk-upsert";
import type { Prisma } from "../db/database";
import { guardDatabase } from "../db/unavailable";
import type { BlockTimes, Checkpoint, IndexerStore } from "./indexer";
import {
  apply,
  lineKey,
  ProjectionState,
  slotKey,
  touchedKeys,
  type CargoPolicyRow,
  type CashRow,
  type CreditLineRow,
  type FeeAccountRow,
  type GuaranteeRow,
  type PolicyClaimRow,
  type FinancingRow,
  type FinancingStatus,
  type InvoiceRow,
  type MarginState,
  type ParticipantRow,
  type PledgeLoanRow,
  type PriceRow,
  type ReceiptRow,
  type SlotRow,
  type VoucherRow,
} from "./projection";
import type { ProjectionReader } from "./reconcile";

export type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Writes, in the indexer's transaction, what must exist exactly when the events are applied: a webhook outbox.
 * A failure rolls the whole batch back, so the events are read again and nothing is half-reported.
 */
export interface CommitListener {
  /** `state` holds the rows the events touched, after they were applied; `times` the time of each event's block. */
  committing(tx: Tx, events: readonly LedgerEvent[], state: ProjectionState, times: BlockTimes): Promise<void>;
}

/** JSON for the event log: bigints as decimal strings, dates as ISO 8601. */
export function jsonArgs(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonArgs);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonArgs(v)]));
  }
  return value;
}

const COLUMNS: Record<string, { columns: Column[]; key: string[] }> = {
  ParticipantState: {
    columns: [
      { name: "account", cast: "text" },
      { name: "roles", cast: "text[]" },
      { name: "suspended", cast: "boolean" },
      { name: "frozen", cast: "boolean" },
      { name: "usccHash", cast: "text" },
      { name: "kycHash", cast: "text" },
    ],
    key: ["account"],
  },
  CreditLineState: {
    columns: [
      { name: "bank", cast: "text" },
      { name: "core", cast: "text" },
      { name: "limit", cast: "bigint" },
      { name: "used", cast: "bigint" },
      { name: "expiry", cast: "timestamp(3)" },
      { name: "open", cast: "boolean" },
    ],
    key: ["bank", "core"],
  },
  InvoiceState: {
    columns: [
      { name: "key", cast: "text" },
      { name: "seller", cast: "text" },
      { name: "buyer", cast: "text" },
      { name: "amount", cast: "bigint" },
      { name: "used", cast: "bigint" },
      { name: "confirmed", cast: "boolean" },
      { name: "commitment", cast: "text" },
    ],
    key: ["key"],
  },
  VoucherState: {
    columns: [
      { name: "id", cast: "bigint" },
      { name: "owner", cast: "text" },
      { name: "value", cast: "bigint" },
      { name: "redeemedValue", cast: "bigint" },
      { name: "locked", cast: "bigint" },
      { name: "depth", cast: "integer" },
      { name: "financed", cast: "boolean" },
      { name: "root", cast: "bigint" },
      { name: "parent", cast: "bigint" },
      { name: "debtor", cast: "text" },
      { name: "maturity", cast: "timestamp(3)" },
      { name: "createdBlock", cast: "integer" },
    ],
    key: ["id"],
  },
  SlotState: {
    columns: [
      { name: "debtor", cast: "text" },
      { name: "maturity", cast: "timestamp(3)" },
      { name: "outstanding", cast: "bigint" },
      { name: "escrowed", cast: "bigint" },
      { name: "overdue", cast: "boolean" },
    ],
    key: ["debtor", "maturity"],
  },
  FinancingState: {
    columns: [
      { name: "id", cast: "bigint" },
      { name: "voucherId", cast: "bigint" },
      { name: "holder", cast: "text" },
      { name: "bank", cast: "text" },
      { name: "amount", cast: "bigint" },
      { name: "rateBps", cast: "integer" },
      { name: "feeBps", cast: "integer" },
      { name: "deadline", cast: "timestamp(3)" },
      { name: "status", cast: "text" },
      { name: "pieceId", cast: "bigint" },
      { name: "days", cast: "integer" },
      { name: "interest", cast: "bigint" },
      { name: "fee", cast: "bigint" },
      { name: "net", cast: "bigint" },
    ],
    key: ["id"],
  },
  ReceiptState: {
    columns: [
      { name: "id", cast: "bigint" },
      { name: "owner", cast: "text" },
      { name: "warehouse", cast: "text" },
      { name: "status", cast: "text" },
      { name: "parent", cast: "bigint" },
      { name: "commodity", cast: "text" },
      { name: "grade", cast: "text" },
      { name: "quantity", cast: "bigint" },
      { name: "location", cast: "text" },
      { name: "document", cast: "text" },
      { name: "inbound", cast: "text" },
      { name: "reading", cast: "text" },
      { name: "loanId", cast: "bigint" },
      { name: "createdBlock", cast: "integer" },
    ],
    key: ["id"],
  },
  PledgeLoanState: {
    columns: [
      { name: "id", cast: "bigint" },
      { name: "borrower", cast: "text" },
      { name: "bank", cast: "text" },
      { name: "commodity", cast: "text" },
      { name: "quantity", cast: "bigint" },
      { name: "receiptIds", cast: "bigint[]" },
      { name: "amount", cast: "bigint" },
      { name: "principal", cast: "bigint" },
      { name: "interestPaid", cast: "bigint" },
      { name: "rateBps", cast: "integer" },
      { name: "feeBps", cast: "integer" },
      { name: "maturity", cast: "timestamp(3)" },
      { name: "status", cast: "text" },
      { name: "drawnValue", cast: "bigint" },
      { name: "drawnLimit", cast: "bigint" },
      { name: "drawnPrice", cast: "bigint" },
      { name: "drawnFee", cast: "bigint" },
      { name: "margin", cast: "text" },
      { name: "ratioBps", cast: "text" },
      { name: "callDeadline", cast: "timestamp(3)" },
      { name: "createdBlock", cast: "integer" },
    ],
    key: ["id"],
  },
  CommodityPriceState: {
    columns: [
      { name: "commodity", cast: "text" },
      { name: "day", cast: "integer" },
      { name: "fenPerTonne", cast: "bigint" },
      { name: "publisher", cast: "text" },
      { name: "postedBlock", cast: "integer" },
    ],
    key: ["commodity", "day"],
  },
  GuaranteeState: {
    columns: [
      { name: "id", cast: "bigint" },
      { name: "guarantor", cast: "text" },
      { name: "bank", cast: "text" },
      { name: "kind", cast: "text" },
      { name: "subject", cast: "bigint" },
      { name: "amount", cast: "bigint" },
      { name: "expiry", cast: "timestamp(3)" },
      { name: "status", cast: "text" },
      { name: "claim", cast: "bigint" },
      { name: "paid", cast: "bigint" },
      { name: "obligor", cast: "text" },
      { name: "recovered", cast: "bigint" },
      { name: "createdBlock", cast: "integer" },
    ],
    key: ["id"],
  },
  CargoPolicyState: {
    columns: [
      { name: "id", cast: "bigint" },
      { name: "receiptId", cast: "bigint" },
      { name: "insurer", cast: "text" },
      { name: "insured", cast: "bigint" },
      { name: "paid", cast: "bigint" },
      { name: "start", cast: "timestamp(3)" },
      { name: "end", cast: "timestamp(3)" },
      { name: "terms", cast: "text" },
      { name: "createdBlock", cast: "integer" },
    ],
    key: ["id"],
  },
  PolicyClaimState: {
    columns: [
      { name: "id", cast: "bigint" },
      { name: "policyId", cast: "bigint" },
      { name: "claimant", cast: "text" },
      { name: "status", cast: "text" },
      { name: "loss", cast: "bigint" },
      { name: "paid", cast: "bigint" },
      { name: "beneficiary", cast: "text" },
      { name: "evidence", cast: "text" },
      { name: "reason", cast: "text" },
      { name: "createdBlock", cast: "integer" },
    ],
    key: ["id"],
  },
  FeeAccountState: {
    columns: [
      { name: "receiptId", cast: "bigint" },
      { name: "warehouse", cast: "text" },
      { name: "openedDay", cast: "integer" },
      { name: "storageFenPerTonneDay", cast: "bigint" },
      { name: "supervisionFenPerTonneDay", cast: "bigint" },
      { name: "supervising", cast: "boolean" },
      { name: "closed", cast: "boolean" },
      { name: "storagePaid", cast: "bigint" },
      { name: "supervisionPaid", cast: "bigint" },
      { name: "paidTo", cast: "integer" },
      { name: "createdBlock", cast: "integer" },
    ],
    key: ["receiptId"],
  },
  PenaltyState: {
    columns: [
      { name: "debtor", cast: "text" },
      { name: "maturity", cast: "timestamp(3)" },
      { name: "days", cast: "integer" },
      { name: "rateBps", cast: "integer" },
      { name: "base", cast: "bigint" },
      { name: "penalty", cast: "bigint" },
      { name: "paidOut", cast: "bigint" },
    ],
    key: ["debtor", "maturity"],
  },
  CashBalance: {
    columns: [
      { name: "account", cast: "text" },
      { name: "balance", cast: "bigint" },
    ],
    key: ["account"],
  },
  LedgerSetting: {
    columns: [
      { name: "key", cast: "text" },
      { name: "value", cast: "jsonb" },
    ],
    key: ["key"],
  },
};

const EVENT_COLUMNS: Column[] = [
  { name: "blockNumber", cast: "integer" },
  { name: "logIndex", cast: "integer" },
  { name: "blockHash", cast: "text" },
  { name: "txHash", cast: "text" },
  { name: "contract", cast: "text" },
  { name: "name", cast: "text" },
  { name: "args", cast: "jsonb" },
  { name: "blockTime", cast: "timestamp(3)" },
];

function rowsOf<K, R>(table: { rows: Map<K, R>; dirty: Set<K> }, table_: string): unknown[][] {
  const { columns } = COLUMNS[table_];
  return [...table.dirty].map((k) => {
    const row = table.rows.get(k) as Record<string, unknown>;
    return columns.map((c) => row[c.name]);
  });
}

function blockTime(times: BlockTimes, e: LedgerEvent): Date {
  const t = times.get(e.blockNumber);
  // A missing time is the indexer's bug: recording the event without it would blind the rules that measure hours.
  if (!t) throw new Error(`No time given for block ${e.blockNumber}`);
  return t;
}

/** The indexer's store on Prisma: whole blocks and the checkpoint in one transaction. */
export class PrismaIndexerStore implements IndexerStore {
  constructor(
    private readonly prisma: Prisma,
    /** Run in order inside each commit's transaction, after the projection is written. */
    readonly listeners: CommitListener[] = [],
    /** Told of each batch once its transaction has committed: caches of the projection forget what it changed. */
    readonly committed: ((events: readonly LedgerEvent[]) => void)[] = [],
  ) {}

  async checkpoint(): Promise<Checkpoint | null> {
    const cp = await guardDatabase(() => this.prisma.indexerCheckpoint.findUnique({ where: { id: 1 } }));
    return cp ? { blockNumber: cp.blockNumber, blockHash: cp.blockHash } : null;
  }

  async commit(events: readonly LedgerEvent[], upTo: BlockRef, times: BlockTimes): Promise<void> {
    await guardDatabase(() => this.commitOnce(events, upTo, times));
    for (const c of this.committed) c(events);
  }

  private async commitOnce(events: readonly LedgerEvent[], upTo: BlockRef, times: BlockTimes): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      // Serialises concurrent indexers and tells what is already applied: events at or below it are skipped.
      const locked = await tx.$queryRawUnsafe<{ blockNumber: number }[]>(
        `SELECT "blockNumber" FROM "IndexerCheckpoint" WHERE id = 1 FOR UPDATE`,
      );
      const after = locked[0]?.blockNumber ?? -1;
      if (upTo.number <= after) return;
      const fresh = events.filter((e) => e.blockNumber > after);
      const state = await this.load(tx, fresh);
      for (const e of fresh) apply(state, e);
      await this.save(tx, state);
      // Plain INSERT: a duplicate (block, log index) is a bug upstream and must abort the batch, not be skipped.
      await bulkInsert(
        tx,
        "LedgerEvent",
        EVENT_COLUMNS,
        fresh.map((e) => [e.blockNumber, e.logIndex, e.blockHash, e.txHash, e.contract, e.name, jsonArgs(e.args), blockTime(times, e)]),
      );
      for (const l of this.listeners) await l.committing(tx, fresh, state, times);
      await tx.indexerCheckpoint.upsert({
        where: { id: 1 },
        create: { id: 1, blockNumber: upTo.number, blockHash: upTo.hash },
        update: { blockNumber: upTo.number, blockHash: upTo.hash },
      });
    });
  }

  private async load(tx: Tx, events: readonly LedgerEvent[]): Promise<ProjectionState> {
    const keys = touchedKeys(events);
    const state = new ProjectionState();
    const lines = [...keys.creditLines].map((k) => {
      const [bank, core] = k.split(">");
      return { bank, core };
    });
    const [participants, creditLines, invoices, vouchers, financing, cash] = await Promise.all([
      keys.participants.size ? tx.participantState.findMany({ where: { account: { in: [...keys.participants] } } }) : [],
      lines.length ? tx.creditLineState.findMany({ where: { OR: lines } }) : [],
      keys.invoices.size ? tx.invoiceState.findMany({ where: { key: { in: [...keys.invoices] } } }) : [],
      keys.vouchers.size ? tx.voucherState.findMany({ where: { id: { in: [...keys.vouchers] } } }) : [],
      keys.financing.size ? tx.financingState.findMany({ where: { id: { in: [...keys.financing] } } }) : [],
      keys.cash.size ? tx.cashBalance.findMany({ where: { account: { in: [...keys.cash] } } }) : [],
    ]);
    for (const p of participants) state.participants.rows.set(p.account, { ...p, roles: p.roles as Role[] });
    for (const l of creditLines) state.creditLines.rows.set(lineKey(l.bank, l.core), l);
    for (const i of invoices) state.invoices.rows.set(i.key, i);
    for (const v of vouchers) {
      state.vouchers.rows.set(v.id, v);
      keys.slots.add(slotKey(v.debtor, v.maturity));
    }
    for (const f of financing) state.financing.rows.set(f.id, { ...f, status: f.status as FinancingStatus });
    for (const c of cash) state.cash.rows.set(c.account, c);
    const slots = [...keys.slots].map((k) => {
      const [debtor, seconds] = k.split("@");
      return { debtor, maturity: new Date(Number(seconds) * 1000) };
    });
    if (slots.length) {
      for (const s of await tx.slotState.findMany({ where: { OR: slots } })) state.slots.rows.set(slotKey(s.debtor, s.maturity), s);
    }
    await this.loadInventory(tx, keys, state);
    await this.loadCover(tx, keys, state);
    return state;
  }

  /** Guarantees, policies with their claims, fee accounts, and the penalties of the slots the batch touches. */
  private async loadCover(tx: Tx, keys: ReturnType<typeof touchedKeys>, state: ProjectionState): Promise<void> {
    const penaltyKeys = new Set([...keys.penalties, ...keys.slots]);
    const slots = [...penaltyKeys].map((k) => {
      const [debtor, seconds] = k.split("@");
      return { debtor, maturity: new Date(Number(seconds) * 1000) };
    });
    const [guarantees, claims, fees, penalties] = await Promise.all([
      keys.guarantees.size ? tx.guaranteeState.findMany({ where: { id: { in: [...keys.guarantees] } } }) : [],
      keys.claims.size ? tx.policyClaimState.findMany({ where: { id: { in: [...keys.claims] } } }) : [],
      keys.feeAccounts.size ? tx.feeAccountState.findMany({ where: { receiptId: { in: [...keys.feeAccounts] } } }) : [],
      slots.length ? tx.penaltyState.findMany({ where: { OR: slots } }) : [],
    ]);
    for (const g of guarantees) state.guarantees.rows.set(g.id, { ...g, kind: g.kind as GuaranteeRow["kind"], status: g.status as GuaranteeRow["status"] });
    for (const c of claims) {
      state.claims.rows.set(c.id, { ...c, status: c.status as PolicyClaimRow["status"] });
      keys.policies.add(c.policyId);
    }
    for (const f of fees) state.feeAccounts.rows.set(f.receiptId, f satisfies FeeAccountRow);
    for (const p of penalties) state.penalties.rows.set(slotKey(p.debtor, p.maturity), p);
    if (keys.policies.size) {
      for (const p of await tx.cargoPolicyState.findMany({ where: { id: { in: [...keys.policies] } } })) {
        state.policies.rows.set(p.id, p satisfies CargoPolicyRow);
      }
    }
  }

  /** Loans first: a loan that releases its receipts names them, and they are loaded with the ones the events name. */
  private async loadInventory(tx: Tx, keys: ReturnType<typeof touchedKeys>, state: ProjectionState): Promise<void> {
    const [loans, settings] = await Promise.all([
      keys.loans.size ? tx.pledgeLoanState.findMany({ where: { id: { in: [...keys.loans] } } }) : [],
      keys.settings.size ? tx.ledgerSetting.findMany({ where: { key: { in: [...keys.settings] } } }) : [],
    ]);
    for (const l of loans) {
      state.loans.rows.set(l.id, { ...l, status: l.status as PledgeLoanRow["status"], margin: l.margin as MarginState });
      for (const id of l.receiptIds) keys.receipts.add(id);
    }
    for (const s of settings) state.settings.rows.set(s.key, s.value);
    if (keys.receipts.size) {
      for (const r of await tx.receiptState.findMany({ where: { id: { in: [...keys.receipts] } } })) {
        state.receipts.rows.set(r.id, { ...r, status: r.status as ReceiptRow["status"] });
      }
    }
  }

  private async save(tx: Tx, s: ProjectionState): Promise<void> {
    const write = (table: string, rows: unknown[][]) => bulkUpsert(tx, table, COLUMNS[table].columns, COLUMNS[table].key, rows);
    await write("ParticipantState", rowsOf(s.participants, "ParticipantState"));
    await write("CreditLineState", rowsOf(s.creditLines, "CreditLineState"));
    await write("InvoiceState", rowsOf(s.invoices, "InvoiceState"));
    await write("VoucherState", rowsOf(s.vouchers, "VoucherState"));
    await write("SlotState", rowsOf(s.slots, "SlotState"));
    await write("FinancingState", rowsOf(s.financing, "FinancingState"));
    await write("CashBalance", rowsOf(s.cash, "CashBalance"));
    await write("ReceiptState", rowsOf(s.receipts, "ReceiptState"));
    await write("PledgeLoanState", rowsOf(s.loans, "PledgeLoanState"));
    await write("CommodityPriceState", rowsOf(s.prices, "CommodityPriceState"));
    await write("GuaranteeState", rowsOf(s.guarantees, "GuaranteeState"));
    await write("CargoPolicyState", rowsOf(s.policies, "CargoPolicyState"));
    await write("PolicyClaimState", rowsOf(s.claims, "PolicyClaimState"));
    await write("FeeAccountState", rowsOf(s.feeAccounts, "FeeAccountState"));
    await write("PenaltyState", rowsOf(s.penalties, "PenaltyState"));
    await write(
      "LedgerSetting",
      [...s.settings.dirty].map((k) => [k, jsonArgs(s.settings.rows.get(k))]),
    );
  }
}

/** Reads the whole projection, for reconciliation. */
export class PrismaProjectionReader implements ProjectionReader {
  constructor(private readonly prisma: Prisma) {}

  async participants(): Promise<ParticipantRow[]> {
    return (await this.prisma.participantState.findMany()).map((p) => ({ ...p, roles: p.roles as Role[] }));
  }

  creditLines(): Promise<CreditLineRow[]> {
    return this.prisma.creditLineState.findMany();
  }

  invoices(): Promise<InvoiceRow[]> {
    return this.prisma.invoiceState.findMany();
  }

  vouchers(): Promise<VoucherRow[]> {
    return this.prisma.voucherState.findMany({ orderBy: { id: "asc" } });
  }

  slots(): Promise<SlotRow[]> {
    return this.prisma.slotState.findMany();
  }

  async pendingFinancing(): Promise<FinancingRow[]> {
    const rows = await this.prisma.financingState.findMany({ where: { status: "pending" } });
    return rows.map((f) => ({ ...f, status: f.status as FinancingStatus }));
  }

  cash(): Promise<CashRow[]> {
    return this.prisma.cashBalance.findMany();
  }

  async receipts(): Promise<ReceiptRow[]> {
    return (await this.prisma.receiptState.findMany({ orderBy: { id: "asc" } })).map((r) => ({ ...r, status: r.status as WarehouseReceiptStatus }));
  }

  async loans(): Promise<PledgeLoanRow[]> {
    const rows = await this.prisma.pledgeLoanState.findMany({ orderBy: { id: "asc" } });
    return rows.map((l) => ({ ...l, status: l.status as PledgeLoanStatus, margin: l.margin as MarginState }));
  }

  prices(): Promise<PriceRow[]> {
    return this.prisma.commodityPriceState.findMany();
  }

  async guarantees(): Promise<GuaranteeRow[]> {
    return (await this.prisma.guaranteeState.findMany({ orderBy: { id: "asc" } })).map((g) => ({ ...g, kind: g.kind as GuaranteeRow["kind"], status: g.status as GuaranteeRow["status"] }));
  }

  policies(): Promise<CargoPolicyRow[]> {
    return this.prisma.cargoPolicyState.findMany({ orderBy: { id: "asc" } });
  }

  async claims(): Promise<PolicyClaimRow[]> {
    return (await this.prisma.policyClaimState.findMany({ orderBy: { id: "asc" } })).map((c) => ({ ...c, status: c.status as PolicyClaimRow["status"] }));
  }

  feeAccounts(): Promise<FeeAccountRow[]> {
    return this.prisma.feeAccountState.findMany();
  }
}
