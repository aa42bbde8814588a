-- AlterTable
-- Claims made before leases existed belong to a process that has since stopped (this upgrade restarted it):
-- their lease ends when they were made, so a retry hears that the outcome is unknown, as it did before.
ALTER TABLE "IdempotencyKey" ADD COLUMN     "leaseUntil" TIMESTAMP(3);
UPDATE "IdempotencyKey" SET "leaseUntil" = "createdAt";
ALTER TABLE "IdempotencyKey" ALTER COLUMN "leaseUntil" SET NOT NULL;
