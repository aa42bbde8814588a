-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_organisationId_readAt_idx" ON "Notification"("organisationId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_organisationId_blockNumber_logIndex_type_key" ON "Notification"("organisationId", "blockNumber", "logIndex", "type");
