/**
 * What each party earned in fees (the plan's revenue lines), summed from the ledger's own events: the warehouse's
 * storage and supervision fees, the platform's fee on pledge loans and on voucher financing, and the data-service
 * fee on risk queries. A fee goes to whoever received that kind of fee when it was charged, so the events are read
 * in ledger order with the fee changes among them.
 */
import type { Fen } from "../../../chain/ledger";

export const FEE_LINES = ["storage", "supervision", "pledgeLoan", "financing", "dataService"] as const;
export type FeeLine = (typeof FEE_LINES)[number];

export type Earnings = Map<string, Record<FeeLine, Fen>>;

const zero = (): Record<FeeLine, Fen> => ({ storage: 0n, supervision: 0n, pledgeLoan: 0n, financing: 0n, dataService: 0n });

/** Sums fee events (args as the event log keeps them: money as decimal strings) per recipient account. */
export function earnings(events: readonly { name: string; args: Record<string, unknown> }[]): Earnings {
  const out: Earnings = new Map();
  const recipient: Partial<Record<"pledgeLoan" | "financing" | "dataService", string>> = {};
  const add = (account: string | undefined, line: FeeLine, amount: unknown) => {
    // The event log keeps money as decimal strings.
    const fen = typeof amount === "string" || typeof amount === "bigint" ? BigInt(amount) : 0n;
    if (!account || fen === 0n) return;
    const row = out.get(account) ?? zero();
    row[line] += fen;
    out.set(account, row);
  };
  for (const { name, args } of events) {
    switch (name) {
      case "FeesPaid":
        add(String(args.warehouse), "storage", args.storageFee);
        add(String(args.warehouse), "supervision", args.supervisionFee);
        break;
      case "PledgeFeeChanged":
        recipient.pledgeLoan = String(args.recipient);
        break;
      case "LoanDrawn":
        add(recipient.pledgeLoan, "pledgeLoan", args.fee);
        break;
      case "FeeChanged":
        recipient.financing = String(args.recipient);
        break;
      case "FinancingExecuted":
        add(recipient.financing, "financing", args.fee);
        break;
      case "QueryFeeChanged":
        recipient.dataService = String(args.recipient);
        break;
      case "RiskQueried":
        add(recipient.dataService, "dataService", args.fee);
        break;
      default:
        break;
    }
  }
  return out;
}
