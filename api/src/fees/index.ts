/** Warehouse fees (仓储费、监管费): tariffs, fee accounts, supervision, payments, and the fee report. */
import type { DomainModuleFactory } from "../domain/module";
import { ReceiptRepository } from "../receipts/receipt.repository";
import { feeActions } from "./fee.actions";
import { FeeRepository } from "./fee.repository";
import { feeRoutes } from "./fee.routes";
import { FeeService } from "./fee.service";

export const feesModule: DomainModuleFactory = (ctx) => {
  const { db, ledger } = ctx.platform;
  const service = new FeeService(ledger, new FeeRepository(db.prisma), new ReceiptRepository(db.prisma), ctx.organisations, ctx.afterLedgerWrite);
  return { name: "fees", routes: feeRoutes(ctx.guard, ctx.dual, service), actions: feeActions(service) };
};
