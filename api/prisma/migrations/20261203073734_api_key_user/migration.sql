-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "userId" UUID;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Keys from before keys named a user act for nobody, so dual control cannot tell whose they are. Nothing recorded
-- the person who created a key except the audit log's admin, and an admin holds neither the maker nor the checker
-- role a key carries, so attaching keys to it would hand one person both halves. They are revoked instead: each
-- organisation's admin creates new keys, each for a named maker or checker.
UPDATE "ApiKey" SET "revokedAt" = CURRENT_TIMESTAMP WHERE "userId" IS NULL AND "revokedAt" IS NULL;

-- Actions such a key proposed record the key, not a person, as their maker: no checker could be told apart from
-- it, so the pending ones are rejected and must be proposed again. (No semicolon inside the note: the schema engine
-- splits a migration into statements at every one, even inside a string, and the server then refuses it.)
UPDATE "PendingAction" SET "status" = 'rejected', "decidedAt" = CURRENT_TIMESTAMP,
  "result" = '{"note":"Proposed with an API key that named no user: propose it again"}'
  WHERE "status" = 'pending' AND "makerUserId" IN (SELECT "id" FROM "ApiKey");
