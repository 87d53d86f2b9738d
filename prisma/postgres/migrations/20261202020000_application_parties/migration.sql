-- Parties of an application besides its applicant (runtime/parties): one row per application and role
-- CreateTable
CREATE TABLE "ApplicationParty" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stepEntry" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "citizenId" TEXT,
    "citizenName" TEXT,
    "expectedTaxId" TEXT,
    "linkHash" TEXT,
    "codeHash" TEXT,
    "codeAttempts" INTEGER NOT NULL DEFAULT 0,
    "deadline" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "ApplicationParty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationParty_linkHash_key" ON "ApplicationParty"("linkHash");

-- CreateIndex
CREATE INDEX "ApplicationParty_citizenId_idx" ON "ApplicationParty"("citizenId");

-- CreateIndex
CREATE INDEX "ApplicationParty_expectedTaxId_status_idx" ON "ApplicationParty"("expectedTaxId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationParty_applicationId_role_key" ON "ApplicationParty"("applicationId", "role");

