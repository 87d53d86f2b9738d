-- Refunds of payments whose application ended refused, cancelled or expired (runtime/payments/refunds.ts).
-- AlterTable
ALTER TABLE "Payment" ADD COLUMN "refundStatus" TEXT;
ALTER TABLE "Payment" ADD COLUMN "refundAmount" REAL;
ALTER TABLE "Payment" ADD COLUMN "providerRefundId" TEXT;
ALTER TABLE "Payment" ADD COLUMN "refundRequestedAt" DATETIME;
ALTER TABLE "Payment" ADD COLUMN "refundedAt" DATETIME;
ALTER TABLE "Payment" ADD COLUMN "refundError" TEXT;
