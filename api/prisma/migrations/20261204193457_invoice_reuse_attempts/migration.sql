-- CreateTable
CREATE TABLE "InvoiceReuseAttempt" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "invoiceKey" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InvoiceReuseAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InvoiceReuseAttempt_orgId_createdAt_idx" ON "InvoiceReuseAttempt"("orgId", "createdAt");
