/** Pledge loans on warehouse receipts (仓单质押): requests, drawdowns, margin checks, repayment, default and seizure. */
import { moduleJob, type DomainModule, type DomainModuleFactory } from "../domain/module";
import type { PeriodicJob } from "../jobs/periodic-job";
import { ReceiptRepository } from "../receipts/receipt.repository";
import { MARGIN_CHECK_EVERY_JOB_INTERVALS, MarginChecks } from "./margin-checks";
import { pledgeActions } from "./pledge.actions";
import { PledgeRepository } from "./pledge.repository";
import { pledgeRoutes } from "./pledge.routes";
import { PledgeService } from "./pledge.service";

export interface PledgesModule extends DomainModule {
  /** The daily margin checks, which tests and operations may run on demand (`runNow`). */
  marginChecks: PeriodicJob<number>;
}

export const pledgesModule: DomainModuleFactory = (ctx): PledgesModule => {
  const { db, ledger, accounts } = ctx.platform;
  const repo = new PledgeRepository(db.prisma);
  const service = new PledgeService(ledger, repo, new ReceiptRepository(db.prisma), ctx.organisations, ctx.clock, ctx.afterLedgerWrite);
  const checks = new MarginChecks(ledger, repo, accounts.operator, ctx.clock, ctx.afterLedgerWrite);
  const marginChecks = moduleJob(ctx, "Margin checks", () => checks.run(), MARGIN_CHECK_EVERY_JOB_INTERVALS);
  return { name: "pledges", routes: pledgeRoutes(ctx.guard, ctx.dual, service), actions: pledgeActions(service), marginChecks, jobs: [marginChecks] };
};
