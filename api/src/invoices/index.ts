import type { DomainModuleFactory } from "../domain/module";
import { InvoiceRepository } from "./invoice.repository";
import { invoiceRoutes } from "./invoice.routes";
import { InvoiceService } from "./invoice.service";

export function invoiceService(ctx: Parameters<DomainModuleFactory>[0]): InvoiceService {
  return new InvoiceService(new InvoiceRepository(ctx.platform.db.prisma, ctx.clock), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite, ctx.clock, ctx.verifiers.invoices);
}

export const invoicesModule: DomainModuleFactory = (ctx) => ({ name: "invoices", routes: invoiceRoutes(ctx.guard, invoiceService(ctx)) });
