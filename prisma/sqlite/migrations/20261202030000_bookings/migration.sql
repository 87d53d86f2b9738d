-- Appointments of book steps (runtime/bookings): the unique slotKey keeps one slot from being held or confirmed twice.
-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "start" DATETIME NOT NULL,
    "end" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "slotKey" TEXT,
    "providerHoldId" TEXT,
    "providerBookingId" TEXT,
    "holdExpiresAt" DATETIME,
    "remindAt" DATETIME,
    "remindedAt" DATETIME,
    "moves" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME,
    "endedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Booking_slotKey_key" ON "Booking"("slotKey");

-- CreateIndex
CREATE INDEX "Booking_applicationId_idx" ON "Booking"("applicationId");

-- CreateIndex
CREATE INDEX "Booking_status_remindAt_idx" ON "Booking"("status", "remindAt");

