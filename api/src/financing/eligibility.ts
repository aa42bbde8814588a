/**
 * Which banks a request is on offer to: those the debtor's program lets finance its vouchers (every bank when
 * the program does not restrict banks) and whose credit line to the debtor still has room for the amount. The
 * program's list is the ledger's; the lines are the indexer's projection, so that a bank's list reads them
 * once, not once per request.
 */
import type { Account, Ledger } from "../../../chain/ledger";
import type { CreditLineView, FinancingRepository } from "./financing.repository";

export type Ineligibility = "FINANCING_BANK_NOT_ELIGIBLE" | "CREDIT_LINE_EXCEEDED";

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const availableOn = (line: CreditLineView | undefined, now: Date): bigint =>
  line && line.open && line.expiry > now ? line.limit - line.used : 0n;

/** One bank's view of the market at one moment; caches what it learns, so use one per request. */
export class BankEligibility {
  private lines: Promise<CreditLineView[]> | undefined;
  private readonly mayFinance = new Map<string, Promise<boolean>>();

  constructor(
    private readonly repo: FinancingRepository,
    private readonly ledger: Ledger,
    private readonly bank: Account,
    private readonly now: Date,
  ) {}

  /** Why the bank may not finance `amount` owed by `debtor`, or undefined when it may. */
  async check(debtor: Account, amount: bigint): Promise<Ineligibility | undefined> {
    this.lines ??= this.repo.creditLinesOf(this.bank);
    const line = (await this.lines).find((l) => same(l.core, debtor));
    const key = debtor.toLowerCase();
    if (!this.mayFinance.has(key)) this.mayFinance.set(key, this.ledger.rules.mayFinance(debtor, this.bank));
    if (!(await this.mayFinance.get(key))) return "FINANCING_BANK_NOT_ELIGIBLE";
    if (availableOn(line, this.now) < amount) return "CREDIT_LINE_EXCEEDED";
    return undefined;
  }

  async eligible(debtor: Account, amount: bigint): Promise<boolean> {
    return (await this.check(debtor, amount)) === undefined;
  }
}
