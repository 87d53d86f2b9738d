-- Refunds of payments whose application ended refused, cancelled or expired (runtime/payments/refunds.ts).
-- AlterTable
ALTER TABLE "Payment" ADD COLUMN "refundStatus" TEXT,
ADD COLUMN "refundAmount" DOUBLE PRECISION,
ADD COLUMN "providerRefundId" TEXT,
ADD COLUMN "refundRequestedAt" TIMESTAMP(3),
ADD COLUMN "refundedAt" TIMESTAMP(3),
ADD COLUMN "refundError" TEXT;
