-- AlterTable
ALTER TABLE "ServiceVersion" ADD COLUMN "templates" TEXT;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "templateVersion" INTEGER;

-- CreateTable
CREATE TABLE "DocumentTemplateVersion" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DocumentTemplateVersion_pkey" PRIMARY KEY ("id","version")
);

-- CreateTable
CREATE TABLE "DocumentTemplateDraft" (
    "id" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "basedOn" INTEGER,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DocumentTemplateDraft_pkey" PRIMARY KEY ("id")
);
