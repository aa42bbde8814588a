/** Documents held off the ledger, encrypted per organisation, committed on the ledger. */
import type { DomainModuleFactory } from "../domain/module";
import { DocumentKeys } from "./document-key.repository";
import { DocumentRepository } from "./document.repository";
import { documentRoutes } from "./document.routes";
import { DocumentService } from "./document.service";

export const documentsModule: DomainModuleFactory = (ctx) => {
  const prisma = ctx.platform.db.prisma;
  const keys = new DocumentKeys(prisma, ctx.platform.documentKeyKey);
  return {
    name: "documents",
    routes: documentRoutes(ctx.guard, new DocumentService(new DocumentRepository(prisma), keys, ctx.organisations, ctx.platform.ledger, ctx.afterLedgerWrite, ctx.clock)),
  };
};
