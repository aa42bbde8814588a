import { z } from "zod";
import { formatCstDay } from "../../../chain/cst-day";
import { party } from "../http/party";
import { openAlertSchema } from "../receipts/receipt.json";
import { formatYuan } from "../money";
import type { LoanView } from "./pledge.service";

export const LOAN_STATUSES = ["requested", "active", "repaid", "cancelled", "defaulted", "seized"] as const;
const yuanText = z.string().meta({ description: "Yuan, a decimal string" });

export const loanSchema = z
  .object({
    id: z.string(),
    status: z.enum(LOAN_STATUSES),
    borrower: party,
    bank: party,
    commodity: z.string(),
    quantity: z.string().meta({ description: "Grams pledged, over every receipt" }),
    receiptIds: z.array(z.string()),
    amount: yuanText.meta({ description: "The loan asked for and drawn" }),
    principal: yuanText.meta({ description: "Principal still owed" }),
    interestPaid: yuanText,
    rateBps: z.number().int(),
    feeBps: z.number().int().meta({ description: "The platform's fee, taken from the proceeds at drawdown" }),
    maturity: z.string().meta({ description: "When it falls due, ISO 8601" }),
    maturityDay: z.string().meta({ description: "Its China Standard Time day, YYYY-MM-DD" }),
    drawdown: z
      .object({ value: yuanText, limit: yuanText, yuanPerTonne: yuanText, fee: yuanText })
      .nullable()
      .meta({ description: "At drawdown: the receipts' value at the day's price, what the bank could lend on it, the price, the platform's fee" }),
    margin: z.object({
      state: z.enum(["none", "warning", "called"]).meta({ description: "What the newest check found: 补仓 is due when called" }),
      ratioBps: z.string().nullable().meta({ description: "Principal over value in basis points at that check, rounded up" }),
      callDeadline: z.string().nullable().meta({ description: "Until when the borrower may add receipts or repay part, while called" }),
    }),
    atRisk: z.boolean().meta({ description: "While a receipt it holds is at risk: an alert naming it is not resolved" }),
    openAlerts: z.array(openAlertSchema.extend({ receiptId: z.string() })).meta({ description: "The unresolved alerts on the receipts it holds, by receipt" }),
    due: z.object({ principal: yuanText, interest: yuanText }).nullable().meta({ description: "Owed now, interest counted to today (360-day year, half up to the fen)" }),
  })
  .meta({ description: "A pledge loan on warehouse receipts (仓单质押贷款)" });

export const loanJson = (l: LoanView) => ({
  id: l.id.toString(),
  status: l.status,
  borrower: l.borrowerParty,
  bank: l.bankParty,
  commodity: l.commodity,
  quantity: l.quantity.toString(),
  receiptIds: l.receiptIds.map(String),
  amount: formatYuan(l.amount),
  principal: formatYuan(l.principal),
  interestPaid: formatYuan(l.interestPaid),
  rateBps: l.rateBps,
  feeBps: l.feeBps,
  maturity: l.maturity.toISOString(),
  maturityDay: formatCstDay(l.maturity),
  drawdown:
    l.drawnValue === null || l.drawnLimit === null || l.drawnPrice === null || l.drawnFee === null
      ? null
      : { value: formatYuan(l.drawnValue), limit: formatYuan(l.drawnLimit), yuanPerTonne: formatYuan(l.drawnPrice), fee: formatYuan(l.drawnFee) },
  margin: { state: l.margin, ratioBps: l.ratioBps, callDeadline: l.callDeadline?.toISOString() ?? null },
  atRisk: l.openAlerts.length > 0,
  openAlerts: l.openAlerts.map((a) => ({ ...a, receiptId: a.receiptId.toString() })),
  due: l.due ? { principal: formatYuan(l.due.principal), interest: formatYuan(l.due.interest) } : null,
});
