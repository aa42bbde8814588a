-- AlterTable
ALTER TABLE "InvoiceRecord" ADD COLUMN     "checkedAt" TIMESTAMP(3),
ADD COLUMN     "taxStatus" TEXT;

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "subject" TEXT NOT NULL,
    "accounts" TEXT[],
    "facts" JSONB NOT NULL,
    "blockNumber" INTEGER,
    "logIndex" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" UUID,
    "acknowledgeNote" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" UUID,
    "resolveNote" TEXT,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoucherHold" (
    "id" UUID NOT NULL,
    "voucherId" BIGINT NOT NULL,
    "invoiceId" UUID NOT NULL,
    "alertId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "clearedAt" TIMESTAMP(3),
    "clearedBy" UUID,

    CONSTRAINT "VoucherHold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Alert_rule_subject_status_idx" ON "Alert"("rule", "subject", "status");

-- CreateIndex
CREATE INDEX "Alert_createdAt_idx" ON "Alert"("createdAt");

-- CreateIndex
CREATE INDEX "VoucherHold_alertId_idx" ON "VoucherHold"("alertId");

-- CreateIndex
CREATE UNIQUE INDEX "VoucherHold_voucherId_invoiceId_key" ON "VoucherHold"("voucherId", "invoiceId");
