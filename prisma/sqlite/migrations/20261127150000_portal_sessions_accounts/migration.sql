-- CreateTable
CREATE TABLE "WebSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "transport" TEXT NOT NULL DEFAULT 'cookie',
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "StaffAccount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "disabledAt" DATETIME
);

-- CreateTable
CREATE TABLE "FormDraft" (
    "applicationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("applicationId", "step")
);

-- CreateTable
CREATE TABLE "AccessEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "purpose" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "WebSession_subject_idx" ON "WebSession"("subject");

-- CreateIndex
CREATE INDEX "WebSession_expiresAt_idx" ON "WebSession"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "StaffAccount_username_key" ON "StaffAccount"("username");

-- CreateIndex
CREATE INDEX "FormDraft_applicantId_idx" ON "FormDraft"("applicantId");

-- CreateIndex
CREATE INDEX "AccessEvent_applicantId_at_idx" ON "AccessEvent"("applicantId", "at");

-- CreateIndex
CREATE INDEX "AccessEvent_applicationId_idx" ON "AccessEvent"("applicationId");

