/** Pledge loans on warehouse receipts (仓单质押): requests, drawdowns, margin checks, repayment, default and seizure. */
import type { DomainModuleFactory } from "../domain/module";
import { ReceiptRepository } from "../receipts/receipt.repository";
import { pledgeActions } from "./pledge.actions";
import { PledgeRepository } from "./pledge.repository";
import { pledgeRoutes } from "./pledge.routes";
import { PledgeService } from "./pledge.service";

export const pledgesModule: DomainModuleFactory = (ctx) => {
  const { db, ledger } = ctx.platform;
  const service = new PledgeService(ledger, new PledgeRepository(db.prisma), new ReceiptRepository(db.prisma), ctx.organisations, ctx.clock, ctx.afterLedgerWrite);
  return { name: "pledges", routes: pledgeRoutes(ctx.guard, ctx.dual, service), actions: pledgeActions(service) };
};
