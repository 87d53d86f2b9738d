-- The service dashboard's rollups (runtime/insight): one row per application, additive counters, counted field problems.
-- CreateTable
CREATE TABLE "InsightApplication" (
    "applicationId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "serviceVersionId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "seenSeq" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "currentStep" TEXT NOT NULL,
    "entrySeq" INTEGER NOT NULL,
    "enteredAt" DOUBLE PRECISION NOT NULL,
    "seenAt" DOUBLE PRECISION NOT NULL,
    "submitted" BOOLEAN NOT NULL,
    "reached" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL,

    CONSTRAINT "InsightApplication_pkey" PRIMARY KEY ("applicationId")
);

-- CreateTable
CREATE TABLE "InsightCounter" (
    "serviceVersionId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "a" TEXT NOT NULL,
    "b" TEXT NOT NULL,
    "c" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "InsightCounter_pkey" PRIMARY KEY ("serviceVersionId","day","kind","a","b","c","bucket")
);

-- CreateTable
CREATE TABLE "InsightFieldError" (
    "applicationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "code" TEXT NOT NULL,

    CONSTRAINT "InsightFieldError_pkey" PRIMARY KEY ("applicationId","step","field","code")
);

-- CreateTable
CREATE TABLE "InsightState" (
    "id" TEXT NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InsightState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InsightApplication_serviceId_day_idx" ON "InsightApplication"("serviceId", "day");

-- CreateIndex
CREATE INDEX "InsightApplication_done_idx" ON "InsightApplication"("done");
