-- CreateTable
CREATE TABLE "backtest_runs" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source_kind" TEXT NOT NULL,
    "report" JSONB NOT NULL,

    CONSTRAINT "backtest_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "backtest_runs_created_at_idx" ON "backtest_runs"("created_at" DESC);
