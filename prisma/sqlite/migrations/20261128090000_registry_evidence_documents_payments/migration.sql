-- DropIndex
DROP INDEX "Notification_applicantId_idx";

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "keyId" TEXT;
ALTER TABLE "Document" ADD COLUMN "pdf" BLOB;
ALTER TABLE "Document" ADD COLUMN "pdfSha256" TEXT;
ALTER TABLE "Document" ADD COLUMN "revocationReason" TEXT;
ALTER TABLE "Document" ADD COLUMN "revokedAt" DATETIME;
ALTER TABLE "Document" ADD COLUMN "revokedBy" TEXT;
ALTER TABLE "Document" ADD COLUMN "signature" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "emailStatus" TEXT;
ALTER TABLE "Notification" ADD COLUMN "emailedAt" DATETIME;
ALTER TABLE "Notification" ADD COLUMN "title" TEXT;

-- CreateTable
CREATE TABLE "DocumentShare" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stepEntry" INTEGER NOT NULL,
    "providerPaymentId" TEXT NOT NULL,
    "amount" REAL NOT NULL,
    "currency" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "checkoutUrl" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "settledAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RegistryCall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "registry" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "purpose" TEXT,
    "purposeText" TEXT,
    "applicantId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "step" TEXT,
    "jobId" TEXT,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "requestHash" TEXT,
    "transport" TEXT,
    "client" TEXT,
    "service" TEXT,
    "xRoadId" TEXT,
    "xRoadRequestId" TEXT,
    "userId" TEXT,
    "httpStatus" INTEGER,
    "errorCode" TEXT,
    "xroadError" TEXT,
    "at" DATETIME NOT NULL
);
INSERT INTO "new_RegistryCall" ("applicantId", "applicationId", "at", "attempt", "durationMs", "id", "jobId", "operation", "purpose", "registry", "requestHash", "status") SELECT "applicantId", "applicationId", "at", "attempt", "durationMs", "id", "jobId", "operation", "purpose", "registry", "requestHash", "status" FROM "RegistryCall";
DROP TABLE "RegistryCall";
ALTER TABLE "new_RegistryCall" RENAME TO "RegistryCall";
CREATE INDEX "RegistryCall_applicantId_at_idx" ON "RegistryCall"("applicantId", "at");
CREATE INDEX "RegistryCall_applicationId_idx" ON "RegistryCall"("applicationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "DocumentShare_codeHash_key" ON "DocumentShare"("codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentShare_tokenHash_key" ON "DocumentShare"("tokenHash");

-- CreateIndex
CREATE INDEX "DocumentShare_documentId_idx" ON "DocumentShare"("documentId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_orderId_key" ON "Payment"("orderId");

-- CreateIndex
CREATE INDEX "Payment_applicationId_idx" ON "Payment"("applicationId");

-- CreateIndex
CREATE INDEX "Notification_applicantId_createdAt_idx" ON "Notification"("applicantId", "createdAt");

