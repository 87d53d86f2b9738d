-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Service" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceVersion" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "machine" TEXT NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Application" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "serviceVersionId" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "currentStep" TEXT NOT NULL,
    "stepEntry" INTEGER NOT NULL,
    "snapshot" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicantSlot" (
    "applicantId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "open" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ApplicantSlot_pkey" PRIMARY KEY ("applicantId","serviceId")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "fromStep" TEXT,
    "toStep" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "dataHash" TEXT NOT NULL,
    "detail" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stepEntry" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "idempotencyKey" TEXT NOT NULL,
    "lastError" TEXT,
    "result" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficerTask" (
    "id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stepEntry" INTEGER NOT NULL,
    "due" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "decision" TEXT,
    "reason" TEXT,
    "officerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "OfficerTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistryCall" (
    "id" TEXT NOT NULL,
    "registry" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "purpose" TEXT,
    "applicantId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "requestHash" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistryCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "holderId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "channels" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotentRequest" (
    "key" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdempotentRequest_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceVersion_serviceId_number_key" ON "ServiceVersion"("serviceId", "number");

-- CreateIndex
CREATE INDEX "Application_applicantId_idx" ON "Application"("applicantId");

-- CreateIndex
CREATE INDEX "Application_serviceId_status_idx" ON "Application"("serviceId", "status");

-- CreateIndex
CREATE INDEX "Application_status_currentStep_idx" ON "Application"("status", "currentStep");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_applicationId_seq_key" ON "AuditEvent"("applicationId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- CreateIndex
CREATE INDEX "Job_applicationId_status_idx" ON "Job"("applicationId", "status");

-- CreateIndex
CREATE INDEX "OfficerTask_role_status_idx" ON "OfficerTask"("role", "status");

-- CreateIndex
CREATE INDEX "OfficerTask_applicationId_idx" ON "OfficerTask"("applicationId");

-- CreateIndex
CREATE INDEX "RegistryCall_applicantId_idx" ON "RegistryCall"("applicantId");

-- CreateIndex
CREATE INDEX "RegistryCall_applicationId_idx" ON "RegistryCall"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Document_number_key" ON "Document"("number");

-- CreateIndex
CREATE INDEX "Document_holderId_idx" ON "Document"("holderId");

-- CreateIndex
CREATE INDEX "Notification_applicantId_idx" ON "Notification"("applicantId");

-- AddForeignKey
ALTER TABLE "ServiceVersion" ADD CONSTRAINT "ServiceVersion_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

