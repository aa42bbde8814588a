/** The figures a risk profile is computed from, read from the ledger's projection and event log. */
import type { Account } from "../../../chain/ledger";
import type { Prisma } from "../db/database";
import { Prisma as Sql } from "../generated/prisma/client";
import type { Fen } from "../money";

export interface Tally {
  count: number;
  amount: Fen;
}

interface Row {
  count: bigint;
  amount: bigint | null;
}

const tally = (r: Row | undefined): Tally => ({ count: Number(r?.count ?? 0n), amount: r?.amount ?? 0n });

export class RiskProfileRepository {
  constructor(private readonly prisma: Prisma) {}

  /** Vouchers issued to it and pieces passed to it. */
  async received(account: Account): Promise<Tally> {
    const [issued, passed] = await Promise.all([this.events("VoucherIssued", { holder: account }, "amount"), this.events("VoucherTransferred", { to: account }, "amount")]);
    return { count: issued.count + passed.count, amount: issued.amount + passed.amount };
  }

  redeemed(account: Account): Promise<Tally> {
    return this.events("VoucherRedeemed", { holder: account }, "value");
  }

  /** Count and sum of `sum` over the events named `name` whose arguments contain `match` (the GIN index's containment). */
  private async events(name: string, match: Record<string, string>, sum: string): Promise<Tally> {
    const rows = await this.prisma.$queryRaw<Row[]>(
      Sql.sql`SELECT count(*)::bigint AS "count", sum((args->>${sum})::numeric)::bigint AS "amount" FROM "LedgerEvent"
              WHERE name = ${name} AND args @> ${JSON.stringify(match)}::jsonb`,
    );
    return tally(rows[0]);
  }

  async financing(account: Account): Promise<{ requested: number; executed: number; executedAmount: Fen; declined: number }> {
    const rows = await this.prisma.financingState.groupBy({ by: ["status"], where: { holder: account }, _count: { _all: true }, _sum: { amount: true } });
    const of = (status: string) => rows.find((r) => r.status === status);
    return {
      requested: rows.reduce((n, r) => n + r._count._all, 0),
      executed: of("executed")?._count._all ?? 0,
      executedAmount: of("executed")?._sum.amount ?? 0n,
      declined: of("declined")?._count._all ?? 0,
    };
  }

  /** Its own maturities flagged overdue, and pieces it still holds at a maturity flagged overdue. */
  async overdue(account: Account): Promise<{ asDebtor: number; heldAtOverdueMaturity: number }> {
    const [asDebtor, held] = await Promise.all([
      this.prisma.slotState.count({ where: { debtor: account, overdue: true } }),
      this.prisma.$queryRaw<{ n: bigint }[]>(
        Sql.sql`SELECT count(*)::bigint AS n FROM "VoucherState" v JOIN "SlotState" s ON s.debtor = v.debtor AND s.maturity = v.maturity
                WHERE v.owner = ${account} AND v.value > 0 AND s.overdue`,
      ),
    ]);
    return { asDebtor, heldAtOverdueMaturity: Number(held[0]?.n ?? 0n) };
  }
}
