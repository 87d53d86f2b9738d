-- Appointments of book steps (runtime/bookings): the unique slotKey keeps one slot from being held or confirmed twice.
-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "stepEntry" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "office" TEXT NOT NULL,
    "slotId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "end" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "slotKey" TEXT,
    "providerHoldId" TEXT,
    "providerBookingId" TEXT,
    "holdExpiresAt" TIMESTAMP(3),
    "remindAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "moves" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Booking_slotKey_key" ON "Booking"("slotKey");

-- CreateIndex
CREATE INDEX "Booking_applicationId_idx" ON "Booking"("applicationId");

-- CreateIndex
CREATE INDEX "Booking_status_remindAt_idx" ON "Booking"("status", "remindAt");

