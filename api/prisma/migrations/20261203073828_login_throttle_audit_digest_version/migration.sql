-- AlterTable
-- Entries already written keep their plain SHA-256 digests and their hashes: rewriting either would break the
-- chain and the anchors on the ledger. They are marked version 0 and verified with the rule they were written
-- under. New entries default to version 1 (redacted, keyed digest, the version inside the hash).
ALTER TABLE "AuditEntry" ADD COLUMN     "digestVersion" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "AuditEntry" ALTER COLUMN "digestVersion" SET DEFAULT 1;

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "subject" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "lastFailureAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("subject")
);
