-- The service dashboard's rollups (runtime/insight): one row per application, additive counters, counted field problems.
-- CreateTable
CREATE TABLE "InsightApplication" (
    "applicationId" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "serviceVersionId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "seenSeq" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "currentStep" TEXT NOT NULL,
    "entrySeq" INTEGER NOT NULL,
    "enteredAt" REAL NOT NULL,
    "seenAt" REAL NOT NULL,
    "submitted" BOOLEAN NOT NULL,
    "reached" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL
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
    "sum" REAL NOT NULL,

    PRIMARY KEY ("serviceVersionId", "day", "kind", "a", "b", "c", "bucket")
);

-- CreateTable
CREATE TABLE "InsightFieldError" (
    "applicationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "code" TEXT NOT NULL,

    PRIMARY KEY ("applicationId", "step", "field", "code")
);

-- CreateTable
CREATE TABLE "InsightState" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "asOf" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "InsightApplication_serviceId_day_idx" ON "InsightApplication"("serviceId", "day");

-- CreateIndex
CREATE INDEX "InsightApplication_done_idx" ON "InsightApplication"("done");
