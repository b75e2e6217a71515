-- AlterTable
ALTER TABLE "series" ADD COLUMN     "listed_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "title_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "title_retry_at" TIMESTAMPTZ(3);

-- A failed GET /events/{t} used to store the event's ticker as its title for good: those are
-- fetched again (an empty title is what the sync fills in).
UPDATE "events" SET "title" = '' WHERE "title" = "event_ticker";
