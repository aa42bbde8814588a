-- AlterTable
-- Invoices submitted before this migration were committed to with one salted hash of all their details.
ALTER TABLE "InvoiceRecord" ADD COLUMN     "commitmentScheme" TEXT NOT NULL DEFAULT 'salted-sha256';
ALTER TABLE "InvoiceRecord" ALTER COLUMN "commitmentScheme" SET DEFAULT 'field-merkle';

-- CreateTable
CREATE TABLE "DocumentKey" (
    "orgId" UUID NOT NULL,
    "sealed" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentKey_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sealed" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "invoiceId" UUID,
    "uploadedBy" UUID NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Disclosure" (
    "id" UUID NOT NULL,
    "voucherId" BIGINT NOT NULL,
    "holderOrgId" UUID NOT NULL,
    "bankOrgId" UUID NOT NULL,
    "disclosedBy" UUID NOT NULL,
    "fields" TEXT[],
    "openings" JSONB NOT NULL,
    "digest" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Disclosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskConsent" (
    "id" UUID NOT NULL,
    "subjectOrgId" UUID NOT NULL,
    "bankOrgId" UUID NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "grantedBy" UUID NOT NULL,
    "txHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnBy" UUID,
    "withdrawTxHash" TEXT,

    CONSTRAINT "RiskConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskQuery" (
    "id" UUID NOT NULL,
    "bankOrgId" UUID NOT NULL,
    "subjectOrgId" UUID NOT NULL,
    "queriedBy" UUID NOT NULL,
    "profile" JSONB NOT NULL,
    "digest" TEXT NOT NULL,
    "fee" BIGINT NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskQuery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Document_commitment_key" ON "Document"("commitment");

-- CreateIndex
CREATE INDEX "Document_orgId_createdAt_idx" ON "Document"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Disclosure_holderOrgId_createdAt_idx" ON "Disclosure"("holderOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "Disclosure_bankOrgId_createdAt_idx" ON "Disclosure"("bankOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskConsent_subjectOrgId_createdAt_idx" ON "RiskConsent"("subjectOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskConsent_bankOrgId_createdAt_idx" ON "RiskConsent"("bankOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskQuery_bankOrgId_createdAt_idx" ON "RiskQuery"("bankOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskQuery_subjectOrgId_createdAt_idx" ON "RiskQuery"("subjectOrgId", "createdAt");
