-- CreateTable
CREATE TABLE "Signature" (
    "id" TEXT NOT NULL,
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
    "signedAt" TIMESTAMP(3),
    "signature" BYTEA,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "Signature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Signature_requestId_key" ON "Signature"("requestId");

-- CreateIndex
CREATE INDEX "Signature_applicationId_idx" ON "Signature"("applicationId");
