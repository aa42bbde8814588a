-- AlterTable
ALTER TABLE "WebhookDelivery" ALTER COLUMN "blockNumber" DROP NOT NULL,
ALTER COLUMN "logIndex" DROP NOT NULL;
