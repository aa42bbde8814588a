import { AlertRepository } from "../alerts/alert.repository";
import { InvoiceReuseWatch } from "../alerts/invoice-reuse-watch";
import { moduleJob, type DomainModuleFactory } from "../domain/module";
import { InvoiceRecheck } from "./invoice-recheck";
import { InvoiceRecheckRepository } from "./invoice-recheck.repository";
import { InvoiceRepository } from "./invoice.repository";
import { invoiceRoutes } from "./invoice.routes";
import { InvoiceService } from "./invoice.service";

export function invoiceService(ctx: Parameters<DomainModuleFactory>[0]): InvoiceService {
  const prisma = ctx.platform.db.prisma;
  const reuse = new InvoiceReuseWatch(new AlertRepository(prisma), ctx.organisations, ctx.clock, ctx.platform.alertThresholds);
  return new InvoiceService(new InvoiceRepository(prisma, ctx.clock), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite, ctx.clock, ctx.verifiers.invoices, reuse);
}

/** Each invoice is asked about once a ledger day; a pass every 60 job intervals (a minute by default) finds the due ones. */
const RECHECK_EVERY_JOB_INTERVALS = 60;

export function invoiceRecheck(ctx: Parameters<DomainModuleFactory>[0]): InvoiceRecheck {
  return new InvoiceRecheck(new InvoiceRecheckRepository(ctx.platform.db.prisma), ctx.verifiers.invoices, ctx.organisations, ctx.clock);
}

export const invoicesModule: DomainModuleFactory = (ctx) => {
  const recheck = invoiceRecheck(ctx);
  return {
    name: "invoices",
    routes: invoiceRoutes(ctx.guard, invoiceService(ctx)),
    jobs: [moduleJob(ctx, "Invoice re-check", () => recheck.run(), RECHECK_EVERY_JOB_INTERVALS)],
  };
};
