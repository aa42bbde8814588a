/**
 * Risk alerts (early warning for the regulator and the parties concerned): the list and the regulator's
 * lifecycle over HTTP. The indexer raises them (alert-raiser.ts, wired into the indexer by platform.ts).
 */
import type { DomainModuleFactory } from "../domain/module";
import { alertRoutes } from "./alert.routes";
import { AlertRepository } from "./alert.repository";
import { AlertService } from "./alert.service";

export const alertsModule: DomainModuleFactory = (ctx) => ({
  name: "alerts",
  routes: alertRoutes(ctx.guard, new AlertService(new AlertRepository(ctx.platform.db.prisma), ctx.clock)),
});
