import type { Prisma } from "../db/database";
import { paged, type Keyset, type Page, type PageQuery } from "../http/pagination";

export type MemberList = "whitelist" | "eligible";

export interface Member {
  key: string;
  account: string;
}

/** By the member's account: `<account>`. */
const byAccount: Keyset<Member, string> = {
  keyOf: (m) => m.account,
  write: (account) => account,
  read: (text) => (/^0x[0-9a-fA-F]{40}$/.test(text) ? text : undefined),
};

/**
 * The indexer keeps each program's supplier whitelist and eligible banks as one setting per member,
 * `whitelist:<core>:<supplier>` and `eligible:<core>:<bank>`, holding the last value the ledger emitted.
 */
export class ProgramRepository {
  constructor(private readonly prisma: Prisma) {}

  async hasOwnRules(core: string): Promise<boolean> {
    return (await this.prisma.ledgerSetting.findUnique({ where: { key: `rules:${core}` }, select: { key: true } })) !== null;
  }

  /**
   * The accounts currently on `list` of `core`'s program, in key order (by account): a setting holds the
   * member's last state, not when it joined, so there is no newest to put first.
   */
  members(list: MemberList, core: string, q: PageQuery): Promise<Page<Member>> {
    const prefix = `${list}:${core}:`;
    return paged(q, byAccount, async (after, take) => {
      const rows = await this.prisma.ledgerSetting.findMany({
        // A key comparison, not a Prisma cursor: the member named by the cursor may have left the list since.
        where: { key: { startsWith: prefix, ...(after ? { gt: prefix + after } : {}) }, value: { equals: true } },
        orderBy: { key: "asc" },
        take,
        select: { key: true },
      });
      return rows.map((r) => ({ key: r.key, account: r.key.slice(prefix.length) }));
    });
  }
}
