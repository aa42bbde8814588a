-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Application" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "uscc" TEXT NOT NULL,
    "kinds" TEXT[],
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reviewNote" TEXT,
    "reviewedBy" UUID,
    "organisationId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" TIMESTAMP(3),

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "uscc" TEXT NOT NULL,
    "kinds" TEXT[],
    "roles" TEXT[],
    "account" TEXT NOT NULL,
    "sealedKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefreshToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "familyId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "rotatedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RefreshToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceRecord" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT,
    "number" TEXT NOT NULL,
    "sellerOrgId" UUID NOT NULL,
    "buyerOrgId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "tax" BIGINT NOT NULL,
    "issueDate" DATE NOT NULL,
    "contractRef" TEXT,
    "fileDigest" TEXT,
    "salt" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "disputeReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "InvoiceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingAction" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "makerUserId" UUID NOT NULL,
    "checkerUserId" UUID,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "PendingAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinancingApplication" (
    "id" UUID NOT NULL,
    "voucherId" BIGINT NOT NULL,
    "holderOrgId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "acceptedQuoteId" UUID,
    "onChainRequestId" BIGINT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinancingApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinancingQuote" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "bankOrgId" UUID NOT NULL,
    "rateBps" INTEGER NOT NULL,
    "feeBps" INTEGER NOT NULL,
    "days" INTEGER NOT NULL,
    "interest" BIGINT NOT NULL,
    "fee" BIGINT NOT NULL,
    "net" BIGINT NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinancingQuote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUserId" UUID,
    "organisationId" UUID,
    "action" TEXT NOT NULL,
    "requestDigest" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "txHash" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "anchoredTx" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "principal" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("principal","key")
);

-- CreateTable
CREATE TABLE "IndexerCheckpoint" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IndexerCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEvent" (
    "blockNumber" INTEGER NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "contract" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "args" JSONB NOT NULL,

    CONSTRAINT "LedgerEvent_pkey" PRIMARY KEY ("blockNumber","logIndex")
);

-- CreateTable
CREATE TABLE "ParticipantState" (
    "account" TEXT NOT NULL,
    "roles" TEXT[],
    "suspended" BOOLEAN NOT NULL,
    "frozen" BOOLEAN NOT NULL,
    "usccHash" TEXT NOT NULL,
    "kycHash" TEXT NOT NULL,

    CONSTRAINT "ParticipantState_pkey" PRIMARY KEY ("account")
);

-- CreateTable
CREATE TABLE "CreditLineState" (
    "bank" TEXT NOT NULL,
    "core" TEXT NOT NULL,
    "limit" BIGINT NOT NULL,
    "used" BIGINT NOT NULL,
    "expiry" TIMESTAMP(3) NOT NULL,
    "open" BOOLEAN NOT NULL,

    CONSTRAINT "CreditLineState_pkey" PRIMARY KEY ("bank","core")
);

-- CreateTable
CREATE TABLE "InvoiceState" (
    "key" TEXT NOT NULL,
    "seller" TEXT NOT NULL,
    "buyer" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "used" BIGINT NOT NULL,
    "confirmed" BOOLEAN NOT NULL,
    "commitment" TEXT NOT NULL,

    CONSTRAINT "InvoiceState_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "VoucherState" (
    "id" BIGINT NOT NULL,
    "owner" TEXT NOT NULL,
    "value" BIGINT NOT NULL,
    "redeemedValue" BIGINT NOT NULL,
    "locked" BIGINT NOT NULL,
    "depth" INTEGER NOT NULL,
    "financed" BOOLEAN NOT NULL,
    "root" BIGINT NOT NULL,
    "parent" BIGINT NOT NULL,
    "debtor" TEXT NOT NULL,
    "maturity" TIMESTAMP(3) NOT NULL,
    "createdBlock" INTEGER NOT NULL,

    CONSTRAINT "VoucherState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlotState" (
    "debtor" TEXT NOT NULL,
    "maturity" TIMESTAMP(3) NOT NULL,
    "outstanding" BIGINT NOT NULL,
    "escrowed" BIGINT NOT NULL,
    "overdue" BOOLEAN NOT NULL,

    CONSTRAINT "SlotState_pkey" PRIMARY KEY ("debtor","maturity")
);

-- CreateTable
CREATE TABLE "FinancingState" (
    "id" BIGINT NOT NULL,
    "voucherId" BIGINT NOT NULL,
    "holder" TEXT NOT NULL,
    "bank" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "rateBps" INTEGER NOT NULL,
    "feeBps" INTEGER NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "pieceId" BIGINT,
    "days" INTEGER,
    "interest" BIGINT,
    "fee" BIGINT,
    "net" BIGINT,

    CONSTRAINT "FinancingState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CashBalance" (
    "account" TEXT NOT NULL,
    "balance" BIGINT NOT NULL,

    CONSTRAINT "CashBalance_pkey" PRIMARY KEY ("account")
);

-- CreateTable
CREATE TABLE "LedgerSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,

    CONSTRAINT "LedgerSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Application_status_createdAt_idx" ON "Application"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Application_uscc_idx" ON "Application"("uscc");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_uscc_key" ON "Organisation"("uscc");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_account_key" ON "Organisation"("account");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "RefreshToken_tokenHash_key" ON "RefreshToken"("tokenHash");

-- CreateIndex
CREATE INDEX "RefreshToken_familyId_idx" ON "RefreshToken"("familyId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceRecord_key_key" ON "InvoiceRecord"("key");

-- CreateIndex
CREATE INDEX "InvoiceRecord_sellerOrgId_createdAt_idx" ON "InvoiceRecord"("sellerOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "InvoiceRecord_buyerOrgId_createdAt_idx" ON "InvoiceRecord"("buyerOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "PendingAction_organisationId_status_idx" ON "PendingAction"("organisationId", "status");

-- CreateIndex
CREATE INDEX "FinancingApplication_holderOrgId_createdAt_idx" ON "FinancingApplication"("holderOrgId", "createdAt");

-- CreateIndex
CREATE INDEX "FinancingApplication_status_expiresAt_idx" ON "FinancingApplication"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "FinancingQuote_applicationId_bankOrgId_key" ON "FinancingQuote"("applicationId", "bankOrgId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");

-- CreateIndex
CREATE INDEX "LedgerEvent_name_blockNumber_idx" ON "LedgerEvent"("name", "blockNumber");

-- CreateIndex
CREATE INDEX "CreditLineState_core_idx" ON "CreditLineState"("core");

-- CreateIndex
CREATE INDEX "VoucherState_owner_idx" ON "VoucherState"("owner");

-- CreateIndex
CREATE INDEX "VoucherState_root_idx" ON "VoucherState"("root");

-- CreateIndex
CREATE INDEX "VoucherState_debtor_maturity_idx" ON "VoucherState"("debtor", "maturity");

-- CreateIndex
CREATE INDEX "FinancingState_holder_idx" ON "FinancingState"("holder");

-- CreateIndex
CREATE INDEX "FinancingState_bank_status_idx" ON "FinancingState"("bank", "status");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefreshToken" ADD CONSTRAINT "RefreshToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinancingQuote" ADD CONSTRAINT "FinancingQuote_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FinancingApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
