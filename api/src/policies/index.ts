/** Cargo policies (货物保险) on warehouse receipts: underwriting, claims, and their payment to the pledgee bank or the owner. */
import type { DomainModuleFactory } from "../domain/module";
import { ReceiptRepository } from "../receipts/receipt.repository";
import { policyActions } from "./policy.actions";
import { PolicyRepository } from "./policy.repository";
import { policyRoutes } from "./policy.routes";
import { PolicyService } from "./policy.service";

export const policiesModule: DomainModuleFactory = (ctx) => {
  const { db, ledger } = ctx.platform;
  const service = new PolicyService(ledger, new PolicyRepository(db.prisma), new ReceiptRepository(db.prisma), ctx.organisations, ctx.clock, ctx.afterLedgerWrite);
  return { name: "policies", routes: policyRoutes(ctx.guard, ctx.dual, service), actions: policyActions(service) };
};
