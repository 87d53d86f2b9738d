-- CreateTable
CREATE TABLE "DraftPresence" (
    "draftId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DraftPresence_pkey" PRIMARY KEY ("draftId","userId")
);

-- CreateTable
CREATE TABLE "DraftComment" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "DraftComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DraftReview" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "draftVersion" INTEGER NOT NULL,
    "author" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "reviewer" TEXT,
    "reviewerId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "comment" TEXT,
    "publishedVersion" INTEGER,

    CONSTRAINT "DraftReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceStudioSetting" (
    "serviceId" TEXT NOT NULL,
    "requireReview" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceStudioSetting_pkey" PRIMARY KEY ("serviceId")
);

-- CreateIndex
CREATE INDEX "DraftPresence_seenAt_idx" ON "DraftPresence"("seenAt");

-- CreateIndex
CREATE INDEX "DraftComment_draftId_step_idx" ON "DraftComment"("draftId", "step");

-- CreateIndex
CREATE INDEX "DraftReview_draftId_idx" ON "DraftReview"("draftId");

