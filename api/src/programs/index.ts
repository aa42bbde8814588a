import type { DomainModuleFactory } from "../domain/module";
import { programActions } from "./program.actions";
import { ProgramRepository } from "./program.repository";
import { programRoutes } from "./program.routes";
import { ProgramService } from "./program.service";

export const programsModule: DomainModuleFactory = (ctx) => {
  const programs = new ProgramService(new ProgramRepository(ctx.platform.db.prisma), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite);
  return { name: "programs", routes: programRoutes(ctx.guard, ctx.dual, programs), actions: programActions(programs) };
};
