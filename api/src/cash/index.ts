import type { DomainModuleFactory } from "../domain/module";
import { cashActions } from "./cash.actions";
import { CashRepository } from "./cash.repository";
import { cashRoutes } from "./cash.routes";
import { CashService } from "./cash.service";

export const cashModule: DomainModuleFactory = (ctx) => {
  const cash = new CashService(new CashRepository(ctx.platform.db.prisma, ctx.clock), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite, ctx.platform.vault);
  return { name: "cash", routes: cashRoutes(ctx.guard, ctx.dual, cash), actions: cashActions(cash) };
};
