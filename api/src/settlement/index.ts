import { moduleJob, type DomainModule, type DomainModuleFactory } from "../domain/module";
import type { PeriodicJob } from "../jobs/periodic-job";
import { clockActions } from "./clock.actions";
import { ClockService } from "./clock.service";
import { RunRecorder } from "./run-recorder";
import { settlementActions } from "./settlement.actions";
import { SettlementRepository } from "./settlement.repository";
import { settlementRoutes } from "./settlement.routes";
import { SettlementScheduler, type PassReport } from "./settlement.scheduler";
import { SettlementService } from "./settlement.service";
import { PenaltyRepository } from "./penalty.repository";
import { PenaltyService } from "./penalty.service";

/** The module, with the scheduler's job exposed so that a test (or an operator's tool) can run a pass. */
export interface SettlementModule extends DomainModule {
  scheduler: PeriodicJob<PassReport>;
}

export const settlementModule: DomainModuleFactory = (ctx): SettlementModule => {
  const { ledger, accounts } = ctx.platform;
  const repo = new SettlementRepository(ctx.platform.db.prisma);
  const runs = new RunRecorder(repo, ledger.history);
  const passes = new SettlementScheduler(repo, runs, ledger, accounts.operator, ctx.afterLedgerWrite, ctx.clock);
  const scheduler = moduleJob(ctx, "Settlement", () => passes.pass());
  const service = new SettlementService(repo, runs, () => scheduler.runNow(), ledger, ctx.organisations, ctx.dual, ctx.afterLedgerWrite, ctx.log);
  const clock = new ClockService(ctx.clock, ledger.clock, ctx.afterLedgerWrite);
  const penalties = new PenaltyService(ledger, new PenaltyRepository(ctx.platform.db.prisma), ctx.organisations, ctx.afterLedgerWrite);
  return {
    name: "settlement",
    routes: settlementRoutes(ctx.guard, ctx.dual, service, clock, penalties),
    actions: { ...settlementActions(service, penalties), ...clockActions(clock) },
    jobs: [scheduler],
    scheduler,
  };
};
