-- CreateTable
CREATE TABLE "SystemAccount" (
    "name" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "sealedKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SystemAccount_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "SystemAccount_account_key" ON "SystemAccount"("account");
