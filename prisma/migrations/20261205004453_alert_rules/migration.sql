-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "rules" JSONB NOT NULL DEFAULT '[]';

-- Every alert before rules existed was raised by the composite threshold.
UPDATE "alerts" SET "rules" = '[{"rule":"score","reason":"the composite score reached the alert threshold"}]';
