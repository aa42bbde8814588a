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

-- CreateIndex
CREATE INDEX "Alert_rule_subject_status_idx" ON "Alert"("rule", "subject", "status");

-- CreateIndex
CREATE INDEX "Alert_createdAt_idx" ON "Alert"("createdAt");
