-- CreateTable
CREATE TABLE "ReadingLeaf" (
    "leaf" TEXT NOT NULL,
    "readingId" BIGINT NOT NULL,
    "deviceId" UUID NOT NULL,

    CONSTRAINT "ReadingLeaf_pkey" PRIMARY KEY ("leaf")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReadingLeaf_readingId_key" ON "ReadingLeaf"("readingId");

-- CreateIndex
CREATE INDEX "ReadingLeaf_deviceId_idx" ON "ReadingLeaf"("deviceId");
