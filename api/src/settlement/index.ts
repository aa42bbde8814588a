import type { DomainModuleFactory } from "../domain/module";
import { ClockService } from "./clock.service";
import { RunRecorder } from "./run-recorder";
import { SettlementRepository } from "./settlement.repository";
import { settlementRoutes } from "./settlement.routes";
import { SettlementScheduler } from "./settlement.scheduler";
import { FUND_KIND, SettlementService } from "./settlement.service";

export const settlementModule: DomainModuleFactory = (ctx) => {
  const repo = new SettlementRepository(ctx.platform.db.prisma);
  const runs = new RunRecorder(repo, ctx.platform.ledger.history);
  const scheduler = new SettlementScheduler(repo, runs, ctx);
  const service = new SettlementService(repo, runs, scheduler, ctx);
  ctx.dual.register<{ maturity: Date }>(FUND_KIND, {
    propose: (maker, input) => service.proposeFunding(maker, input),
    execute: (checker, payload) => service.executeFunding(checker, payload),
  });
  return {
    name: "settlement",
    routes: settlementRoutes(ctx.guard, ctx.dual, service, new ClockService(ctx)),
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
};
