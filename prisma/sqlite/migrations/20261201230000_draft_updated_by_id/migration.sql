-- AlterTable: the staff account that saved a draft's latest version (a review is decided by another account)
ALTER TABLE "ServiceDraft" ADD COLUMN "updatedById" TEXT NOT NULL DEFAULT '';
