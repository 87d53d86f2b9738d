-- CreateTable
CREATE TABLE "ServiceDraft" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "scenarios" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "basedOn" INTEGER,
    "createdBy" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServiceDraft_serviceId_idx" ON "ServiceDraft"("serviceId");
