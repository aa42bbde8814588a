-- CreateTable
CREATE TABLE "GuaranteeState" (
    "id" BIGINT NOT NULL,
    "guarantor" TEXT NOT NULL,
    "bank" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "expiry" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "claim" BIGINT,
    "paid" BIGINT NOT NULL,
    "obligor" TEXT,
    "recovered" BIGINT NOT NULL,
    "createdBlock" INTEGER NOT NULL,

    CONSTRAINT "GuaranteeState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CargoPolicyState" (
    "id" BIGINT NOT NULL,
    "receiptId" BIGINT NOT NULL,
    "insurer" TEXT NOT NULL,
    "insured" BIGINT NOT NULL,
    "paid" BIGINT NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "end" TIMESTAMP(3) NOT NULL,
    "terms" TEXT NOT NULL,
    "createdBlock" INTEGER NOT NULL,

    CONSTRAINT "CargoPolicyState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyClaimState" (
    "id" BIGINT NOT NULL,
    "policyId" BIGINT NOT NULL,
    "claimant" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "loss" BIGINT NOT NULL,
    "paid" BIGINT NOT NULL,
    "beneficiary" TEXT,
    "evidence" TEXT NOT NULL,
    "reason" TEXT,
    "createdBlock" INTEGER NOT NULL,

    CONSTRAINT "PolicyClaimState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeeAccountState" (
    "receiptId" BIGINT NOT NULL,
    "warehouse" TEXT NOT NULL,
    "openedDay" INTEGER NOT NULL,
    "storageFenPerTonneDay" BIGINT NOT NULL,
    "supervisionFenPerTonneDay" BIGINT NOT NULL,
    "supervising" BOOLEAN NOT NULL,
    "closed" BOOLEAN NOT NULL,
    "storagePaid" BIGINT NOT NULL,
    "supervisionPaid" BIGINT NOT NULL,
    "paidTo" INTEGER,
    "createdBlock" INTEGER NOT NULL,

    CONSTRAINT "FeeAccountState_pkey" PRIMARY KEY ("receiptId")
);

-- CreateTable
CREATE TABLE "PenaltyState" (
    "debtor" TEXT NOT NULL,
    "maturity" TIMESTAMP(3) NOT NULL,
    "days" INTEGER NOT NULL,
    "rateBps" INTEGER NOT NULL,
    "base" BIGINT NOT NULL,
    "penalty" BIGINT NOT NULL,
    "paidOut" BIGINT NOT NULL,

    CONSTRAINT "PenaltyState_pkey" PRIMARY KEY ("debtor","maturity")
);

-- CreateIndex
CREATE INDEX "GuaranteeState_guarantor_idx" ON "GuaranteeState"("guarantor");

-- CreateIndex
CREATE INDEX "GuaranteeState_bank_idx" ON "GuaranteeState"("bank");

-- CreateIndex
CREATE INDEX "GuaranteeState_kind_subject_idx" ON "GuaranteeState"("kind", "subject");

-- CreateIndex
CREATE INDEX "CargoPolicyState_receiptId_idx" ON "CargoPolicyState"("receiptId");

-- CreateIndex
CREATE INDEX "CargoPolicyState_insurer_idx" ON "CargoPolicyState"("insurer");

-- CreateIndex
CREATE INDEX "PolicyClaimState_policyId_idx" ON "PolicyClaimState"("policyId");

-- CreateIndex
CREATE INDEX "FeeAccountState_warehouse_idx" ON "FeeAccountState"("warehouse");
