-- Citizens' ratings of services (runtime/feedback): comments are masked before they are stored; FeedbackLimit keeps one rating per citizen and service per 30 days.
-- CreateTable
CREATE TABLE "Feedback" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "serviceVersionId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "moment" TEXT NOT NULL,
    "step" TEXT,
    "outcome" TEXT,
    "score" INTEGER NOT NULL,
    "reasons" TEXT NOT NULL,
    "comment" TEXT,
    "path" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackLimit" (
    "citizenId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "ratedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedbackLimit_pkey" PRIMARY KEY ("citizenId","serviceId")
);

-- CreateIndex
CREATE INDEX "Feedback_serviceVersionId_createdAt_idx" ON "Feedback"("serviceVersionId", "createdAt");

-- CreateIndex
CREATE INDEX "Feedback_applicationId_idx" ON "Feedback"("applicationId");
