import type { Prisma } from "../db/database";
import type { PenaltyRow, VoucherRow } from "../indexer/projection";

/** Reads the projection of penalty rates, charged penalties and the vouchers they are shared over. */
export class PenaltyRepository {
  constructor(private readonly prisma: Prisma) {}

  async rates(): Promise<{ core: string; rateBps: number }[]> {
    const rows = await this.prisma.ledgerSetting.findMany({ where: { key: { startsWith: "penaltyRate:" } }, orderBy: { key: "asc" } });
    return rows.map((r) => ({ core: r.key.split(":")[1], rateBps: Number(r.value) }));
  }

  async voucher(id: bigint): Promise<VoucherRow | undefined> {
    return (await this.prisma.voucherState.findUnique({ where: { id } })) ?? undefined;
  }

  async penalty(debtor: string, maturity: Date): Promise<PenaltyRow | undefined> {
    return (await this.prisma.penaltyState.findUnique({ where: { debtor_maturity: { debtor, maturity } } })) ?? undefined;
  }
}
