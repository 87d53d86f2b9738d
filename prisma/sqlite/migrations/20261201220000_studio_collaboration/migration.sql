-- CreateTable
CREATE TABLE "DraftPresence" (
    "draftId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "seenAt" DATETIME NOT NULL,

    PRIMARY KEY ("draftId", "userId")
);

-- CreateTable
CREATE TABLE "DraftComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "draftId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT
);

-- CreateTable
CREATE TABLE "DraftReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "draftId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "draftVersion" INTEGER NOT NULL,
    "author" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "reviewer" TEXT,
    "reviewerId" TEXT,
    "decidedAt" DATETIME,
    "comment" TEXT,
    "publishedVersion" INTEGER
);

-- CreateTable
CREATE TABLE "ServiceStudioSetting" (
    "serviceId" TEXT NOT NULL PRIMARY KEY,
    "requireReview" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DraftPresence_seenAt_idx" ON "DraftPresence"("seenAt");

-- CreateIndex
CREATE INDEX "DraftComment_draftId_step_idx" ON "DraftComment"("draftId", "step");

-- CreateIndex
CREATE INDEX "DraftReview_draftId_idx" ON "DraftReview"("draftId");

