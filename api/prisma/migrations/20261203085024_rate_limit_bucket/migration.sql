-- CreateTable
-- UNLOGGED (by hand: Prisma has no word for it): a bucket changes on every request, and writing the WAL and
-- waiting for its flush made each request about 9 ms slower on a local server, against about 1 ms without.
-- After a crash the table is empty, which means every bucket is full: a moment's looser limit, nothing lost.
CREATE UNLOGGED TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "at" DOUBLE PRECISION NOT NULL,
    "granted" BOOLEAN NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateLimitBucket_at_idx" ON "RateLimitBucket"("at");
