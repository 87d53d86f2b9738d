-- DropIndex
DROP INDEX "RegistryCall_applicantId_idx";

-- DropIndex
DROP INDEX "Notification_applicantId_idx";

-- AlterTable
ALTER TABLE "RegistryCall" ADD COLUMN     "client" TEXT,
ADD COLUMN     "errorCode" TEXT,
ADD COLUMN     "httpStatus" INTEGER,
ADD COLUMN     "purposeText" TEXT,
ADD COLUMN     "service" TEXT,
ADD COLUMN     "step" TEXT,
ADD COLUMN     "transport" TEXT,
ADD COLUMN     "userId" TEXT,
ADD COLUMN     "xRoadId" TEXT,
ADD COLUMN     "xRoadRequestId" TEXT,
ADD COLUMN     "xroadError" TEXT,
ALTER COLUMN "jobId" DROP NOT NULL,
ALTER COLUMN "requestHash" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "keyId" TEXT,
ADD COLUMN     "pdf" BYTEA,
ADD COLUMN     "pdfSha256" TEXT,
ADD COLUMN     "revocationReason" TEXT,
ADD COLUMN     "revokedAt" TIMESTAMP(3),
ADD COLUMN     "revokedBy" TEXT,
ADD COLUMN     "signature" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "emailStatus" TEXT,
ADD COLUMN     "emailedAt" TIMESTAMP(3),
ADD COLUMN     "title" TEXT;

-- CreateTable
CREATE TABLE "DocumentShare" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "DocumentShare_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stepEntry" INTEGER NOT NULL,
    "providerPaymentId" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "currency" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "checkoutUrl" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

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
CREATE INDEX "RegistryCall_applicantId_at_idx" ON "RegistryCall"("applicantId", "at");

-- CreateIndex
CREATE INDEX "Notification_applicantId_createdAt_idx" ON "Notification"("applicantId", "createdAt");

