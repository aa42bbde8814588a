import type { DomainModule, DomainModuleFactory } from "../domain/module";
import { FinancingExpiry, type SweepReport } from "./expiry-job";
import { addFeeRoutes } from "./fee.routes";
import { FeeService } from "./fee.service";
import { FinancingApproval } from "./financing-approval";
import { FinancingRepository } from "./financing.repository";
import { financingRoutes } from "./financing.routes";
import { FinancingService } from "./financing.service";

/** The module, with its expiry sweep exposed so that a test (or an operator's tool) can run it once. */
export interface FinancingModule extends DomainModule {
  start(): void;
  stop(): Promise<void>;
  sweep(): Promise<SweepReport>;
}

export const financingModule: DomainModuleFactory = (ctx): FinancingModule => {
  const { ledger, accounts } = ctx.platform;
  const repo = new FinancingRepository(ctx.platform.db.prisma);
  const service = new FinancingService(repo, ledger, ctx.organisations, ctx.afterLedgerWrite);
  const approval = new FinancingApproval(service, repo, ledger, ctx.dual, ctx.afterLedgerWrite);
  const expiry = new FinancingExpiry(repo, ledger, accounts.operator, ctx.afterLedgerWrite, (m) => ctx.log.warn(m));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    name: "financing",
    routes: addFeeRoutes(financingRoutes(ctx.guard, service, approval), new FeeService(ledger, ctx.organisations, ctx.afterLedgerWrite)),
    sweep: () => expiry.sweep(),
    start() {
      if (timer) return;
      timer = setInterval(() => {
        // One sweep at a time: a slow ledger must not pile runs up.
        running ??= expiry
          .sweep()
          .catch((e) => ctx.log.error(e))
          .finally(() => (running = undefined));
      }, ctx.jobIntervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
};
