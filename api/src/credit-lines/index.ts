import type { DomainModuleFactory } from "../domain/module";
import { creditLineActions } from "./credit-line.actions";
import { CreditLineRepository } from "./credit-line.repository";
import { creditLineRoutes } from "./credit-line.routes";
import { CreditLineService } from "./credit-line.service";

export const creditLinesModule: DomainModuleFactory = (ctx) => {
  const lines = new CreditLineService(new CreditLineRepository(ctx.platform.db.prisma), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite, ctx.clock);
  return { name: "credit-lines", routes: creditLineRoutes(ctx.guard, ctx.dual, lines), actions: creditLineActions(lines) };
};
