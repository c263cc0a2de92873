-- CreateEnum
CREATE TYPE "NotificationDeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "delivered_at" TIMESTAMPTZ(3),
ADD COLUMN     "delivery_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "delivery_status" "NotificationDeliveryStatus" NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "event_id" UUID,
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3),
ADD COLUMN     "recipient" TEXT;

-- CreateTable
CREATE TABLE "processed_events" (
    "event_id" UUID NOT NULL,
    "processed_by" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "notifications_delivery_status_next_attempt_at_idx" ON "notifications"("delivery_status", "next_attempt_at");

-- Notifications from before delivery existed: an IN_APP one was delivered by being in the feed;
-- an EMAIL or SMS one has no recipient to send to, so it is closed instead of left PENDING forever.
UPDATE "notifications" SET "delivery_status" = 'SENT', "delivered_at" = "created_at" WHERE "channel" = 'IN_APP';
UPDATE "notifications" SET "delivery_status" = 'FAILED', "last_error" = 'created before delivery channels existed' WHERE "channel" <> 'IN_APP';
