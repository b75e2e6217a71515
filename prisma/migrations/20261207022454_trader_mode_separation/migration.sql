-- DropIndex
DROP INDEX "trading_pauses_resumed_at_idx";

-- AlterTable
ALTER TABLE "trading_pauses" ADD COLUMN     "mode" "TradingMode" NOT NULL DEFAULT 'PAPER';

-- AlterTable
ALTER TABLE "monthly_analyses" DROP CONSTRAINT "monthly_analyses_pkey",
ADD COLUMN     "mode" "TradingMode" NOT NULL DEFAULT 'PAPER',
ADD CONSTRAINT "monthly_analyses_pkey" PRIMARY KEY ("month_start", "mode");

-- CreateIndex
CREATE INDEX "trading_pauses_mode_resumed_at_idx" ON "trading_pauses"("mode", "resumed_at");

-- A pause active before the split held every entry: it keeps holding live entries too.
INSERT INTO "trading_pauses" ("id", "mode", "reason", "paused_at")
SELECT gen_random_uuid(), 'LIVE', "reason", "paused_at" FROM "trading_pauses" WHERE "resumed_at" IS NULL AND "mode" = 'PAPER';
