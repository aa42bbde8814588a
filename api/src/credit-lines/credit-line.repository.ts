import type { Prisma } from "../db/database";
import { paged, type Keyset, type Page, type PageQuery } from "../http/pagination";

/** A credit line as the indexer projected it from the ledger: parties are ledger accounts. */
export interface CreditLineRow {
  bank: string;
  core: string;
  limit: bigint;
  used: bigint;
  expiry: Date;
  open: boolean;
}

export interface CreditLineFilter {
  /** Lines where this account is the bank or the core enterprise; every line when absent. */
  partyAccount?: string;
  bank?: string;
  core?: string;
  open?: boolean | undefined;
}

type LineKey = Pick<CreditLineRow, "bank" | "core">;
const ACCOUNT = /^0x[0-9a-fA-F]{40}$/;

/** By the line's key, its two accounts: `<bank account>|<core account>`. */
const byParties: Keyset<LineKey, LineKey> = {
  keyOf: (r) => ({ bank: r.bank, core: r.core }),
  write: (k) => `${k.bank}|${k.core}`,
  read(text) {
    const [bank, core, ...rest] = text.split("|");
    return !rest.length && bank && core && ACCOUNT.test(bank) && ACCOUNT.test(core) ? { bank, core } : undefined;
  },
};

export class CreditLineRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(bank: string, core: string): Promise<CreditLineRow | undefined> {
    return (await this.prisma.creditLineState.findUnique({ where: { bank_core: { bank, core } } })) ?? undefined;
  }

  /**
   * In key order (bank account, then core account): the projection keeps a line's state, not when it was
   * granted, so there is no newest to put first.
   */
  list(q: PageQuery, f: CreditLineFilter): Promise<Page<CreditLineRow>> {
    return paged(q, byParties, (after, take) =>
      this.prisma.creditLineState.findMany({
        where: {
          AND: [
            f.partyAccount ? { OR: [{ bank: f.partyAccount }, { core: f.partyAccount }] } : {},
            f.bank ? { bank: f.bank } : {},
            f.core ? { core: f.core } : {},
            f.open !== undefined ? { open: f.open } : {},
            after ? { OR: [{ bank: { gt: after.bank } }, { bank: after.bank, core: { gt: after.core } }] } : {},
          ],
        },
        orderBy: [{ bank: "asc" }, { core: "asc" }],
        take,
      }),
    );
  }
}
