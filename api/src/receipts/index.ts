/** Electronic warehouse receipts (电子仓单): issued against weighed inbounds, moved under dual control. */
import type { DomainModuleFactory } from "../domain/module";
import { ReadingRepository } from "../iot/reading.repository";
import { receiptActions } from "./receipt.actions";
import { ReceiptRepository } from "./receipt.repository";
import { receiptRoutes } from "./receipt.routes";
import { ReceiptService } from "./receipt.service";

export const receiptsModule: DomainModuleFactory = (ctx) => {
  const { db, ledger } = ctx.platform;
  const service = new ReceiptService(ledger, new ReceiptRepository(db.prisma), new ReadingRepository(db.prisma), ctx.organisations, ctx.afterLedgerWrite);
  return { name: "receipts", routes: receiptRoutes(ctx.guard, ctx.dual, service), actions: receiptActions(service) };
};
