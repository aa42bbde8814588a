-- AlterTable
ALTER TABLE "LedgerEvent" ADD COLUMN     "blockTime" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Issuance" (
    "id" BIGINT NOT NULL,
    "debtor" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "maturity" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Issuance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinancingTiming" (
    "requestId" BIGINT NOT NULL,
    "holder" TEXT NOT NULL,
    "bank" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "financedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FinancingTiming_pkey" PRIMARY KEY ("requestId")
);

-- CreateIndex
CREATE INDEX "Issuance_debtor_maturity_idx" ON "Issuance"("debtor", "maturity");

-- CreateIndex
CREATE INDEX "FinancingTiming_holder_financedAt_idx" ON "FinancingTiming"("holder", "financedAt");

-- The issues indexed before the concentration rule kept its own record of them.
INSERT INTO "Issuance" ("id", "debtor", "holder", "amount", "maturity")
SELECT (args->>'id')::bigint, args->>'debtor', args->>'holder', (args->>'amount')::bigint, (args->>'maturity')::timestamptz AT TIME ZONE 'UTC'
  FROM "LedgerEvent" WHERE name = 'VoucherIssued'
ON CONFLICT DO NOTHING;
