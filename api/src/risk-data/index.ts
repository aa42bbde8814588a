/** Consented risk data: consents, paid queries of a computed profile, and the fee settings under dual control. */
import type { DomainModuleFactory } from "../domain/module";
import { riskDataActions } from "./risk-data.actions";
import { RiskDataRepository } from "./risk-data.repository";
import { riskDataRoutes } from "./risk-data.routes";
import { RiskDataService } from "./risk-data.service";
import { RiskProfiles } from "./risk-profile";
import { RiskProfileRepository } from "./risk-profile.repository";

export const riskDataModule: DomainModuleFactory = (ctx) => {
  const prisma = ctx.platform.db.prisma;
  const service = new RiskDataService(new RiskDataRepository(prisma), new RiskProfiles(new RiskProfileRepository(prisma), ctx.verifiers.registry), ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite, ctx.clock);
  return { name: "risk data", routes: riskDataRoutes(ctx.guard, ctx.dual, service), actions: riskDataActions(service) };
};
