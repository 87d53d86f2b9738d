-- The insight catch-up finds open applications with new audit events by index-only probes.
-- DropIndex
DROP INDEX "InsightApplication_done_idx";

-- CreateIndex
CREATE INDEX "InsightApplication_done_applicationId_seenSeq_idx" ON "InsightApplication"("done", "applicationId", "seenSeq");
