/**
 * Risk alerts (early warning for the regulator and the parties concerned): the list and the regulator's
 * lifecycle over HTTP. The indexer raises most of them (alert-raiser.ts, wired into the indexer by platform.ts);
 * the sweep job those that time raises (maturity-sweep.ts).
 */
import { moduleJob, type DomainModuleFactory } from "../domain/module";
import { alertRoutes } from "./alert.routes";
import { AlertRepository } from "./alert.repository";
import { AlertService } from "./alert.service";
import { MaturitySweep } from "./maturity-sweep";

/** The sweep asks one small query per warning day: every 60 job intervals (a minute by default) is plenty. */
const SWEEP_EVERY_JOB_INTERVALS = 60;

export const alertsModule: DomainModuleFactory = (ctx) => {
  const repo = new AlertRepository(ctx.platform.db.prisma);
  const sweep = new MaturitySweep(repo, ctx.clock, ctx.platform.alertThresholds);
  return {
    name: "alerts",
    routes: alertRoutes(ctx.guard, new AlertService(repo, ctx.clock)),
    jobs: [moduleJob(ctx, "Alert sweep", () => sweep.run(), SWEEP_EVERY_JOB_INTERVALS)],
  };
};
