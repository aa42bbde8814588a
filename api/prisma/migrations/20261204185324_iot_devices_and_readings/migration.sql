-- CreateTable
CREATE TABLE "IotDevice" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "bay" TEXT NOT NULL,
    "label" TEXT,
    "lastCounter" BIGINT NOT NULL DEFAULT 0,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "proposedBy" UUID NOT NULL,
    "registeredBy" UUID NOT NULL,
    "retiredAt" TIMESTAMP(3),
    "retiredBy" UUID,

    CONSTRAINT "IotDevice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IotReading" (
    "id" BIGSERIAL NOT NULL,
    "deviceId" UUID NOT NULL,
    "counter" BIGINT NOT NULL,
    "measuredAt" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "signature" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "batchId" UUID,

    CONSTRAINT "IotReading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReadingBatch" (
    "id" UUID NOT NULL,
    "root" TEXT NOT NULL,
    "firstId" BIGINT NOT NULL,
    "lastId" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "anchoredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReadingBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IotDevice_publicKey_key" ON "IotDevice"("publicKey");

-- CreateIndex
CREATE INDEX "IotDevice_organisationId_registeredAt_idx" ON "IotDevice"("organisationId", "registeredAt");

-- CreateIndex
CREATE INDEX "IotReading_batchId_idx" ON "IotReading"("batchId");

-- CreateIndex
CREATE INDEX "IotReading_unanchored_idx" ON "IotReading"("id") WHERE ("batchId" IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "IotReading_deviceId_counter_key" ON "IotReading"("deviceId", "counter");

-- CreateIndex
CREATE UNIQUE INDEX "ReadingBatch_root_key" ON "ReadingBatch"("root");

-- AddForeignKey
ALTER TABLE "IotReading" ADD CONSTRAINT "IotReading_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "IotDevice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IotReading" ADD CONSTRAINT "IotReading_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ReadingBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;
