import type { Prisma } from "../db/database";

export type MemberList = "whitelist" | "eligible";

/**
 * The indexer keeps each program's supplier whitelist and eligible banks as one setting per member,
 * `whitelist:<core>:<supplier>` and `eligible:<core>:<bank>`, holding the last value the ledger emitted.
 */
export class ProgramRepository {
  constructor(private readonly prisma: Prisma) {}

  async hasOwnRules(core: string): Promise<boolean> {
    return (await this.prisma.ledgerSetting.findUnique({ where: { key: `rules:${core}` }, select: { key: true } })) !== null;
  }

  /** The accounts currently on `list` of `core`'s program, in key order, after the key `after`. */
  async members(list: MemberList, core: string, opts: { after?: string; limit: number }): Promise<{ key: string; account: string }[]> {
    const prefix = `${list}:${core}:`;
    const rows = await this.prisma.ledgerSetting.findMany({
      // A key comparison, not a Prisma cursor: the member named by the cursor may have left the list since.
      where: { key: { startsWith: prefix, ...(opts.after ? { gt: opts.after } : {}) }, value: { equals: true } },
      orderBy: { key: "asc" },
      take: opts.limit,
      select: { key: true },
    });
    return rows.map((r) => ({ key: r.key, account: r.key.slice(prefix.length) }));
  }
}
