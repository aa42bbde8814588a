-- DropIndex
DROP INDEX "VoucherState_root_idx";

-- CreateIndex
CREATE INDEX "LedgerEvent_args_idx" ON "LedgerEvent" USING GIN ("args" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "VoucherState_root_id_idx" ON "VoucherState"("root", "id");
