-- AlterTable
ALTER TABLE "history_markets" ADD COLUMN     "fee_multiplier" DECIMAL(18,6),
ADD COLUMN     "fee_type" TEXT;
