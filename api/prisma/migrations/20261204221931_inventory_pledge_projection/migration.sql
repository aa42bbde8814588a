-- CreateTable
CREATE TABLE "ReceiptState" (
    "id" BIGINT NOT NULL,
    "owner" TEXT NOT NULL,
    "warehouse" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "parent" BIGINT NOT NULL,
    "commodity" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "quantity" BIGINT NOT NULL,
    "location" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "inbound" TEXT NOT NULL,
    "reading" TEXT NOT NULL,
    "loanId" BIGINT,
    "createdBlock" INTEGER NOT NULL,

    CONSTRAINT "ReceiptState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PledgeLoanState" (
    "id" BIGINT NOT NULL,
    "borrower" TEXT NOT NULL,
    "bank" TEXT NOT NULL,
    "commodity" TEXT NOT NULL,
    "quantity" BIGINT NOT NULL,
    "receiptIds" BIGINT[],
    "amount" BIGINT NOT NULL,
    "principal" BIGINT NOT NULL,
    "interestPaid" BIGINT NOT NULL,
    "rateBps" INTEGER NOT NULL,
    "feeBps" INTEGER NOT NULL,
    "maturity" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "drawnValue" BIGINT,
    "drawnLimit" BIGINT,
    "drawnPrice" BIGINT,
    "drawnFee" BIGINT,
    "margin" TEXT NOT NULL,
    "ratioBps" TEXT,
    "callDeadline" TIMESTAMP(3),
    "createdBlock" INTEGER NOT NULL,

    CONSTRAINT "PledgeLoanState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommodityPriceState" (
    "commodity" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "fenPerTonne" BIGINT NOT NULL,
    "publisher" TEXT NOT NULL,
    "postedBlock" INTEGER NOT NULL,

    CONSTRAINT "CommodityPriceState_pkey" PRIMARY KEY ("commodity","day")
);

-- CreateIndex
CREATE INDEX "ReceiptState_owner_idx" ON "ReceiptState"("owner");

-- CreateIndex
CREATE INDEX "ReceiptState_warehouse_idx" ON "ReceiptState"("warehouse");

-- CreateIndex
CREATE INDEX "ReceiptState_loanId_idx" ON "ReceiptState"("loanId");

-- CreateIndex
CREATE INDEX "PledgeLoanState_borrower_idx" ON "PledgeLoanState"("borrower");

-- CreateIndex
CREATE INDEX "PledgeLoanState_bank_status_idx" ON "PledgeLoanState"("bank", "status");
