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
    "publishedAt" DATETIME NOT NULL,

    PRIMARY KEY ("id", "version")
);

-- CreateTable
CREATE TABLE "DocumentTemplateDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "definition" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "basedOn" INTEGER,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

