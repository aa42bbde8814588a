-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "adminPasswordHash" TEXT NOT NULL;

-- CreateTable
CREATE TABLE "CashOrder" (
    "id" UUID NOT NULL,
    "bankOrgId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "reference" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CashOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SettlementRun" (
    "id" UUID NOT NULL,
    "debtor" TEXT NOT NULL,
    "maturity" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "vouchers" INTEGER NOT NULL DEFAULT 0,
    "amount" BIGINT NOT NULL DEFAULT 0,
    "txHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SettlementRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CashOrder_organisationId_createdAt_idx" ON "CashOrder"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "CashOrder_bankOrgId_createdAt_idx" ON "CashOrder"("bankOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "SettlementRun_debtor_maturity_idx" ON "SettlementRun"("debtor", "maturity");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_prevHash_key" ON "AuditEntry"("prevHash");
