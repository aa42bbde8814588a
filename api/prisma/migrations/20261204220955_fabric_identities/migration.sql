-- CreateTable
CREATE TABLE "FabricIdentity" (
    "account" TEXT NOT NULL,
    "mspId" TEXT NOT NULL,
    "certificate" TEXT NOT NULL,
    "sealedKey" TEXT NOT NULL,
    "roles" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FabricIdentity_pkey" PRIMARY KEY ("account")
);
