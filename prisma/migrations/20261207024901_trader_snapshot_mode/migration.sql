-- AlterTable
ALTER TABLE "performance_snapshots" DROP CONSTRAINT "performance_snapshots_pkey",
ADD COLUMN     "mode" "TradingMode" NOT NULL DEFAULT 'PAPER',
ADD CONSTRAINT "performance_snapshots_pkey" PRIMARY KEY ("date", "mode");
