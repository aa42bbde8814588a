/** The JSON of credit lines, shared by the routes and the dual-control actions. */
import { z } from "zod";
import { formatCstDay } from "../http/cst-day";
import { uuid, yuan } from "../http/schemas";
import { formatYuan } from "../money";
import type { CreditLineTerms, CreditLineView, Done } from "./credit-line.service";

/** The day, as a client gives it, and the instant the ledger holds (the day's 00:00 CST when set through this API). */
export const expiryJson = (at: Date) => ({ expiry: formatCstDay(at), expiryAt: at.toISOString() });

export const creditLineJson = (l: CreditLineView) => ({
  id: l.id,
  bank: l.bank,
  core: l.core,
  limit: formatYuan(l.limit),
  used: formatYuan(l.used),
  available: formatYuan(l.available),
  ...expiryJson(l.expiry),
  open: l.open,
  expired: l.expired,
});

export const doneJson = (d: Done) => ({ id: d.line.id, txHash: d.txHash, creditLine: creditLineJson(d.line) });

export const termsJson = (t: CreditLineTerms) => ({ ...t, limit: formatYuan(t.limit), ...expiryJson(t.expiry) });

/** What execution reads back from a stored proposal; the rest of the payload is for the checker's eyes. */
export const storedTerms = z.object({ core: z.object({ id: uuid }), limit: yuan, expiryAt: z.iso.datetime() });
export const storedParties = z.object({ core: z.object({ id: uuid }) });
