import type { DomainModuleFactory } from "../domain/module";
import { CashRepository } from "./cash.repository";
import { cashRoutes, registerCashActions } from "./cash.routes";
import { CashService } from "./cash.service";

export const cashModule: DomainModuleFactory = (ctx) => {
  const cash = new CashService(new CashRepository(ctx.platform.db.prisma), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite);
  registerCashActions(ctx.dual, cash);
  return { name: "cash", routes: cashRoutes(ctx.guard, ctx.dual, cash) };
};
