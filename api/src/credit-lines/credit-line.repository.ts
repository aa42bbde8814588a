import type { Prisma } from "../db/database";

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
  open?: boolean;
  after?: { bank: string; core: string };
  limit: number;
}

export class CreditLineRepository {
  constructor(private readonly prisma: Prisma) {}

  async get(bank: string, core: string): Promise<CreditLineRow | undefined> {
    return (await this.prisma.creditLineState.findUnique({ where: { bank_core: { bank, core } } })) ?? undefined;
  }

  async list(f: CreditLineFilter): Promise<CreditLineRow[]> {
    return this.prisma.creditLineState.findMany({
      where: {
        ...(f.partyAccount ? { OR: [{ bank: f.partyAccount }, { core: f.partyAccount }] } : {}),
        ...(f.bank ? { bank: f.bank } : {}),
        ...(f.core ? { core: f.core } : {}),
        ...(f.open !== undefined ? { open: f.open } : {}),
      },
      orderBy: [{ bank: "asc" }, { core: "asc" }],
      ...(f.after ? { cursor: { bank_core: f.after }, skip: 1 } : {}),
      take: f.limit,
    });
  }
}
