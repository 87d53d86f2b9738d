-- CreateTable
CREATE TABLE "ServiceDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "scenarios" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "basedOn" INTEGER,
    "createdBy" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ServiceDraft_serviceId_idx" ON "ServiceDraft"("serviceId");

