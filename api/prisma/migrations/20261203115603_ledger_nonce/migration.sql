-- CreateTable
CREATE TABLE "LedgerNonce" (
    "account" TEXT NOT NULL,
    "next" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerNonce_pkey" PRIMARY KEY ("account")
);
