-- CreateTable
CREATE TABLE "Signature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stepEntry" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "contentSha256" TEXT NOT NULL,
    "signerTaxId" TEXT,
    "signerName" TEXT,
    "certificateSerial" TEXT,
    "certificateIssuer" TEXT,
    "signedAt" DATETIME,
    "signature" BLOB,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL,
    "settledAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Signature_requestId_key" ON "Signature"("requestId");

-- CreateIndex
CREATE INDEX "Signature_applicationId_idx" ON "Signature"("applicationId");
