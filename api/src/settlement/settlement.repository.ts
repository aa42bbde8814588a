/**
 * Every database read and write of settlement. Slots, vouchers, participants and ledger events come from the
 * indexer's projection (read only); SettlementRun is this module's own history.
 */
import type { Prisma } from "../db/database";
import type { Prisma as P } from "../generated/prisma/client";
import { instantKey, paged, type Keyset, type Page, type PageQuery } from "../http/pagination";

export type SlotStatus = "funded" | "unfunded" | "overdue" | "settled";

export interface SlotKey {
  debtor: string;
  maturity: Date;
}

export interface SlotRow extends SlotKey {
  outstanding: bigint;
  escrowed: bigint;
  overdue: boolean;
}

export interface VoucherRow {
  id: bigint;
  owner: string;
  value: bigint;
  redeemedValue: bigint;
  locked: bigint;
}

export interface RunRow {
  id: string;
  debtor: string;
  maturity: Date;
  kind: string;
  vouchers: number;
  amount: bigint;
  txHash: string;
  createdAt: Date;
}

export interface HolderState {
  account: string;
  suspended: boolean;
  frozen: boolean;
}

export interface SettlementEventRow {
  blockNumber: number;
  txHash: string;
  name: string;
  args: Record<string, string>;
}

export interface SlotFilter {
  /** Only slots this account owes or holds vouchers of; every slot when absent. */
  visibleTo?: string;
  debtor?: string;
  status?: SlotStatus;
  from?: Date;
  to?: Date;
}

const ACCOUNT = /^0x[0-9a-fA-F]{40}$/;

/** Slots by maturity, soonest first, then debtor: `<maturity, ISO 8601>|<debtor account>`. */
const bySlot: Keyset<SlotKey, SlotKey> = {
  keyOf: (s) => ({ debtor: s.debtor, maturity: s.maturity }),
  write: (k) => `${k.maturity.toISOString()}|${k.debtor}`,
  read(text) {
    const [at, debtor, ...rest] = text.split("|");
    const maturity = instantKey(at);
    if (rest.length || !debtor || !ACCOUNT.test(debtor) || !maturity) return undefined;
    return { debtor, maturity };
  },
};

const SLOT = { debtor: true, maturity: true, outstanding: true, escrowed: true, overdue: true } as const;
const VOUCHER = { id: true, owner: true, value: true, redeemedValue: true, locked: true } as const;

const sameSlot = (k: SlotKey) => ({ debtor: k.debtor, maturity: k.maturity });

export class SettlementRepository {
  constructor(private readonly prisma: Prisma) {}

  private statusWhere(status: SlotStatus): P.SlotStateWhereInput {
    const outstanding = this.prisma.slotState.fields.outstanding;
    switch (status) {
      case "settled":
        return { outstanding: 0n };
      case "funded":
        return { outstanding: { gt: 0n }, escrowed: { gte: outstanding } };
      case "overdue":
        return { outstanding: { gt: 0n }, escrowed: { lt: outstanding }, overdue: true };
      case "unfunded":
        return { outstanding: { gt: 0n }, escrowed: { lt: outstanding }, overdue: false };
    }
  }

  async slot(key: SlotKey): Promise<SlotRow | undefined> {
    return (await this.prisma.slotState.findUnique({ where: { debtor_maturity: sameSlot(key) }, select: SLOT })) ?? undefined;
  }

  /** The slots in which `account` holds (or held, until redemption) a voucher. */
  async slotsHeldBy(account: string): Promise<SlotKey[]> {
    return this.prisma.voucherState.findMany({ where: { owner: account }, distinct: ["debtor", "maturity"], select: { debtor: true, maturity: true } });
  }

  async holdsIn(account: string, key: SlotKey): Promise<boolean> {
    return (await this.prisma.voucherState.count({ where: { owner: account, ...sameSlot(key) } })) > 0;
  }

  /**
   * A settlement list is a schedule of what falls due, so it runs by maturity, soonest first, unlike the lists
   * of records, which run newest first.
   */
  async listSlots(q: PageQuery, f: SlotFilter): Promise<Page<SlotRow>> {
    const and: P.SlotStateWhereInput[] = [];
    if (f.visibleTo !== undefined) {
      const held = await this.slotsHeldBy(f.visibleTo);
      and.push({ OR: [{ debtor: f.visibleTo }, ...held.map(sameSlot)] });
    }
    if (f.debtor !== undefined) and.push({ debtor: f.debtor });
    if (f.status) and.push(this.statusWhere(f.status));
    if (f.from) and.push({ maturity: { gte: f.from } });
    if (f.to) and.push({ maturity: { lte: f.to } });
    return paged(q, bySlot, (after, take) => {
      const later = after ? [{ OR: [{ maturity: { gt: after.maturity } }, { maturity: after.maturity, debtor: { gt: after.debtor } }] }] : [];
      return this.prisma.slotState.findMany({ where: { AND: [...and, ...later] }, orderBy: [{ maturity: "asc" }, { debtor: "asc" }], take, select: SLOT });
    });
  }

  /** Funded slots that still owe something and whose maturity has come. */
  async dueFundedSlots(now: Date): Promise<SlotRow[]> {
    return this.prisma.slotState.findMany({
      where: { maturity: { lte: now }, ...this.statusWhere("funded") },
      orderBy: [{ maturity: "asc" }, { debtor: "asc" }],
      select: SLOT,
    });
  }

  /** Unfunded slots whose maturity is at or before `cutoff` (maturity + grace has passed) and not yet flagged. */
  async unflaggedLateSlots(cutoff: Date): Promise<SlotRow[]> {
    return this.prisma.slotState.findMany({
      where: { maturity: { lte: cutoff }, ...this.statusWhere("unfunded") },
      orderBy: [{ maturity: "asc" }, { debtor: "asc" }],
      select: SLOT,
    });
  }

  /** A slot's vouchers that still carry value or were paid; optionally only `owner`'s. */
  async vouchersOf(key: SlotKey, owner?: string): Promise<VoucherRow[]> {
    return this.prisma.voucherState.findMany({
      where: { ...sameSlot(key), OR: [{ value: { gt: 0n } }, { redeemedValue: { gt: 0n } }], ...(owner ? { owner } : {}) },
      orderBy: { id: "asc" },
      select: VOUCHER,
    });
  }

  /** A slot's vouchers not yet redeemed. */
  async liveVouchersOf(key: SlotKey): Promise<VoucherRow[]> {
    return this.prisma.voucherState.findMany({ where: { ...sameSlot(key), value: { gt: 0n }, redeemedValue: 0n }, orderBy: { id: "asc" }, select: VOUCHER });
  }

  async holderStates(accounts: string[]): Promise<Map<string, HolderState>> {
    const rows = await this.prisma.participantState.findMany({ where: { account: { in: accounts } }, select: { account: true, suspended: true, frozen: true } });
    return new Map(rows.map((r) => [r.account, r]));
  }

  /** Pending financing requests on these vouchers whose deadline has passed: they lock value nobody can use. */
  async expiredRequestsOn(voucherIds: bigint[], now: Date): Promise<{ id: bigint; voucherId: bigint }[]> {
    return this.prisma.financingState.findMany({
      where: { voucherId: { in: voucherIds }, status: "pending", deadline: { lt: now } },
      select: { id: true, voucherId: true },
      orderBy: { id: "asc" },
    });
  }

  async paidBySlot(keys: SlotKey[]): Promise<Map<string, bigint>> {
    if (keys.length === 0) return new Map();
    const rows = await this.prisma.voucherState.groupBy({
      by: ["debtor", "maturity"],
      where: { OR: keys.map(sameSlot), redeemedValue: { gt: 0n } },
      _sum: { redeemedValue: true },
    });
    return new Map(rows.map((r) => [slotId(r), r._sum.redeemedValue ?? 0n]));
  }

  async runsOf(keys: SlotKey[]): Promise<RunRow[]> {
    if (keys.length === 0) return [];
    return this.prisma.settlementRun.findMany({ where: { OR: keys.map(sameSlot) }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  }

  async existingRunIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.settlementRun.findMany({ where: { id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** Inserts runs whose ids are derived from what they record, so recording the same thing twice is a no-op. */
  async recordRuns(rows: RunRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.prisma.settlementRun.createMany({ data: rows, skipDuplicates: true });
  }

  /** Funding, overdue and redemption events after `afterBlock` (up to `upToBlock`), in chain order. */
  async settlementEvents(afterBlock: number, take?: number, upToBlock?: number): Promise<SettlementEventRow[]> {
    const rows = await this.prisma.ledgerEvent.findMany({
      where: {
        blockNumber: { gt: afterBlock, ...(upToBlock !== undefined ? { lte: upToBlock } : {}) },
        name: { in: ["SlotFundedBy", "SlotOverdue", "VoucherRedeemed"] },
      },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
      ...(take !== undefined ? { take } : {}),
      select: { blockNumber: true, txHash: true, name: true, args: true },
    });
    return rows.map((r) => ({ ...r, args: r.args as Record<string, string> }));
  }

  async slotsOfVouchers(ids: bigint[]): Promise<Map<bigint, SlotKey>> {
    const rows = await this.prisma.voucherState.findMany({ where: { id: { in: ids } }, select: { id: true, debtor: true, maturity: true } });
    return new Map(rows.map((r) => [r.id, { debtor: r.debtor, maturity: r.maturity }]));
  }
}

/** One string per slot, for maps. */
export const slotId = (k: SlotKey): string => `${k.maturity.toISOString()}|${k.debtor}`;

export function statusOf(s: SlotRow): SlotStatus {
  if (s.outstanding === 0n) return "settled";
  if (s.escrowed >= s.outstanding) return "funded";
  return s.overdue ? "overdue" : "unfunded";
}
