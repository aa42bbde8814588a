-- DropIndex
DROP INDEX "VoucherState_root_idx";

-- CreateIndex
-- Without fastupdate (written by hand: the schema cannot say it). With it, new entries wait in a pending list
-- that every search reads through until a vacuum merges it, and PGlite runs no autovacuum: a trace of a
-- 10,000-piece tree took 3x as long after 100,000 events were added. Without it each insert updates the index.
CREATE INDEX "LedgerEvent_args_idx" ON "LedgerEvent" USING GIN ("args" jsonb_path_ops) WITH (fastupdate = off);

-- CreateIndex
CREATE INDEX "VoucherState_root_id_idx" ON "VoucherState"("root", "id");
