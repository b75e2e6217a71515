-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ScoreLabel" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "OutboxChannel" AS ENUM ('EMAIL', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "TradingMode" AS ENUM ('PAPER', 'LIVE');

-- CreateEnum
CREATE TYPE "OutcomeSide" AS ENUM ('YES', 'NO');

-- CreateEnum
CREATE TYPE "OrderAction" AS ENUM ('BUY', 'SELL');

-- CreateEnum
CREATE TYPE "OrderPurpose" AS ENUM ('ENTRY', 'STOP_LOSS', 'EXIT');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('PENDING', 'RESTING', 'EXECUTED', 'CANCELED', 'REJECTED', 'FAILED');

-- CreateEnum
CREATE TYPE "PositionStatus" AS ENUM ('OPEN', 'WON', 'LOST', 'STOPPED', 'CLOSED');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "series" (
    "ticker" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "frequency" TEXT,
    "fee_type" TEXT NOT NULL DEFAULT 'quadratic',
    "fee_multiplier" DECIMAL(10,4) NOT NULL DEFAULT 1,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "series_pkey" PRIMARY KEY ("ticker")
);

-- CreateTable
CREATE TABLE "events" (
    "event_ticker" TEXT NOT NULL,
    "series_ticker" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sub_title" TEXT,
    "category" TEXT NOT NULL,
    "mutually_exclusive" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("event_ticker")
);

-- CreateTable
CREATE TABLE "markets" (
    "ticker" TEXT NOT NULL,
    "event_ticker" TEXT NOT NULL,
    "series_ticker" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "yes_sub_title" TEXT,
    "no_sub_title" TEXT,
    "rules_primary" TEXT,
    "category" TEXT NOT NULL,
    "market_type" TEXT NOT NULL DEFAULT 'binary',
    "status" TEXT NOT NULL,
    "open_time" TIMESTAMPTZ(3),
    "close_time" TIMESTAMPTZ(3) NOT NULL,
    "expected_expiration_time" TIMESTAMPTZ(3),
    "yes_bid" DECIMAL(18,6),
    "yes_ask" DECIMAL(18,6),
    "yes_bid_size" DECIMAL(18,2),
    "yes_ask_size" DECIMAL(18,2),
    "last_price" DECIMAL(18,6),
    "previous_price" DECIMAL(18,6),
    "volume" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "volume_24h" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "open_interest" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "result" TEXT,
    "settled_at" TIMESTAMPTZ(3),
    "eligible" BOOLEAN NOT NULL DEFAULT false,
    "eligibility_reason" TEXT,
    "latest_composite" DOUBLE PRECISION,
    "latest_label" "ScoreLabel",
    "latest_scored_at" TIMESTAMPTZ(3),
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "markets_pkey" PRIMARY KEY ("ticker")
);

-- CreateTable
CREATE TABLE "market_trades" (
    "trade_id" TEXT NOT NULL,
    "ticker" TEXT NOT NULL,
    "created_time" TIMESTAMPTZ(3) NOT NULL,
    "yes_price" DECIMAL(18,6) NOT NULL,
    "no_price" DECIMAL(18,6) NOT NULL,
    "count" DECIMAL(18,2) NOT NULL,
    "taker_outcome_side" TEXT NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "market_trades_pkey" PRIMARY KEY ("trade_id")
);

-- CreateTable
CREATE TABLE "orderbook_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "ticker" TEXT NOT NULL,
    "captured_at" TIMESTAMPTZ(3) NOT NULL,
    "best_yes_bid" DECIMAL(18,6),
    "best_yes_ask" DECIMAL(18,6),
    "spread" DECIMAL(18,6),
    "yes_depth" DECIMAL(18,2) NOT NULL,
    "no_depth" DECIMAL(18,2) NOT NULL,
    "yes_depth_dollars" DECIMAL(18,6) NOT NULL,
    "no_depth_dollars" DECIMAL(18,6) NOT NULL,
    "levels" JSONB NOT NULL,

    CONSTRAINT "orderbook_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "baselines" (
    "ticker" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "trade_count" INTEGER NOT NULL,
    "trade_size_median" DOUBLE PRECISION NOT NULL,
    "trade_size_mad" DOUBLE PRECISION NOT NULL,
    "trade_size_p99" DOUBLE PRECISION NOT NULL,
    "trades_per_hour_median" DOUBLE PRECISION NOT NULL,
    "trades_per_hour_mad" DOUBLE PRECISION NOT NULL,
    "price_move_median" DOUBLE PRECISION NOT NULL,
    "price_move_mad" DOUBLE PRECISION NOT NULL,
    "spread_median" DOUBLE PRECISION,
    "spread_mad" DOUBLE PRECISION,
    "depth_median" DOUBLE PRECISION,
    "depth_mad" DOUBLE PRECISION,
    "hourly_profile" JSONB NOT NULL,
    "extra" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "baselines_pkey" PRIMARY KEY ("ticker")
);

-- CreateTable
CREATE TABLE "market_scores" (
    "id" BIGSERIAL NOT NULL,
    "ticker" TEXT NOT NULL,
    "scored_at" TIMESTAMPTZ(3) NOT NULL,
    "trade_size" DOUBLE PRECISION NOT NULL,
    "price_impact" DOUBLE PRECISION NOT NULL,
    "liquidity" DOUBLE PRECISION NOT NULL,
    "clustering" DOUBLE PRECISION NOT NULL,
    "timing" DOUBLE PRECISION NOT NULL,
    "cross_market" DOUBLE PRECISION NOT NULL,
    "composite" DOUBLE PRECISION NOT NULL,
    "label" "ScoreLabel" NOT NULL,
    "gate_passed" BOOLEAN NOT NULL,
    "explanation" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "market_scores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "ticker" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "composite" DOUBLE PRECISION NOT NULL,
    "label" "ScoreLabel" NOT NULL,
    "explanation" TEXT NOT NULL,
    "is_escalation" BOOLEAN NOT NULL DEFAULT false,
    "previous_alert_id" UUID,
    "score_delta" DOUBLE PRECISION,
    "dedup_key" TEXT NOT NULL,
    "score_id" BIGINT,
    "signals" JSONB NOT NULL,
    "baseline" JSONB NOT NULL,
    "trigger_trades" JSONB NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "market_user_states" (
    "ticker" TEXT NOT NULL,
    "watched" BOOLEAN NOT NULL DEFAULT false,
    "watched_at" TIMESTAMPTZ(3),
    "dismissed" BOOLEAN NOT NULL DEFAULT false,
    "dismissed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "market_user_states_pkey" PRIMARY KEY ("ticker")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "sync_cursors" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sync_cursors_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" UUID NOT NULL,
    "channel" "OutboxChannel" NOT NULL,
    "kind" TEXT NOT NULL,
    "recipients" TEXT[],
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "payload" JSONB,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "provider_id" TEXT,
    "dedup_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trader_orders" (
    "id" UUID NOT NULL,
    "client_order_id" TEXT NOT NULL,
    "exchange_order_id" TEXT,
    "mode" "TradingMode" NOT NULL,
    "ticker" TEXT NOT NULL,
    "side" "OutcomeSide" NOT NULL,
    "action" "OrderAction" NOT NULL,
    "purpose" "OrderPurpose" NOT NULL,
    "limit_price" DECIMAL(18,6) NOT NULL,
    "count" DECIMAL(18,2) NOT NULL,
    "filled_count" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "average_fill_price" DECIMAL(18,6),
    "fees_paid" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "status" "OrderStatus" NOT NULL DEFAULT 'PENDING',
    "error" TEXT,
    "position_id" UUID,
    "decision_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trader_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trader_fills" (
    "fill_id" TEXT NOT NULL,
    "order_id" UUID NOT NULL,
    "ticker" TEXT NOT NULL,
    "side" "OutcomeSide" NOT NULL,
    "action" "OrderAction" NOT NULL,
    "count" DECIMAL(18,2) NOT NULL,
    "price" DECIMAL(18,6) NOT NULL,
    "fee" DECIMAL(18,6) NOT NULL,
    "is_taker" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trader_fills_pkey" PRIMARY KEY ("fill_id")
);

-- CreateTable
CREATE TABLE "positions" (
    "id" UUID NOT NULL,
    "mode" "TradingMode" NOT NULL,
    "ticker" TEXT NOT NULL,
    "series_ticker" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "side" "OutcomeSide" NOT NULL,
    "status" "PositionStatus" NOT NULL DEFAULT 'OPEN',
    "contracts" DECIMAL(18,2) NOT NULL,
    "entry_price" DECIMAL(18,6) NOT NULL,
    "cost" DECIMAL(18,6) NOT NULL,
    "entry_fees" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "exit_price" DECIMAL(18,6),
    "proceeds" DECIMAL(18,6),
    "exit_fees" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "pnl" DECIMAL(18,6),
    "ai_probability" DOUBLE PRECISION,
    "ai_confidence" DOUBLE PRECISION,
    "ai_reasoning" TEXT NOT NULL,
    "risk_factors" JSONB NOT NULL DEFAULT '[]',
    "decision_id" UUID,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_decisions" (
    "id" UUID NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "selector" TEXT NOT NULL,
    "model" TEXT,
    "dry_run" BOOLEAN NOT NULL DEFAULT false,
    "contracts_analyzed" INTEGER NOT NULL,
    "contracts_selected" INTEGER NOT NULL,
    "total_allocated" DECIMAL(18,6) NOT NULL,
    "context" JSONB NOT NULL,
    "raw_response" TEXT NOT NULL,
    "parsed" JSONB,
    "strategy_notes" TEXT,
    "checks" JSONB NOT NULL DEFAULT '[]',
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "ai_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stop_loss_events" (
    "id" UUID NOT NULL,
    "position_id" UUID NOT NULL,
    "triggered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trigger_price" DECIMAL(18,6) NOT NULL,
    "exit_price" DECIMAL(18,6),
    "realized_loss" DECIMAL(18,6),
    "reason" TEXT NOT NULL,

    CONSTRAINT "stop_loss_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trading_pauses" (
    "id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "paused_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resumed_at" TIMESTAMPTZ(3),

    CONSTRAINT "trading_pauses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "performance_snapshots" (
    "date" DATE NOT NULL,
    "total_trades" INTEGER NOT NULL,
    "wins" INTEGER NOT NULL,
    "losses" INTEGER NOT NULL,
    "win_rate" DOUBLE PRECISION,
    "total_pnl" DECIMAL(18,6) NOT NULL,
    "total_invested" DECIMAL(18,6) NOT NULL,
    "total_return_pct" DOUBLE PRECISION,
    "bankroll" DECIMAL(18,6) NOT NULL,
    "unrealized_pnl" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "open_positions" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "performance_snapshots_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "monthly_analyses" (
    "month_start" DATE NOT NULL,
    "total_trades" INTEGER NOT NULL,
    "total_invested" DECIMAL(18,6) NOT NULL,
    "total_pnl" DECIMAL(18,6) NOT NULL,
    "win_rate" DOUBLE PRECISION,
    "avg_roi" DOUBLE PRECISION,
    "category_analysis" JSONB NOT NULL,
    "series_analysis" JSONB NOT NULL,
    "top_categories" JSONB NOT NULL,
    "worst_categories" JSONB NOT NULL,
    "insights" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monthly_analyses_pkey" PRIMARY KEY ("month_start")
);

-- CreateTable
CREATE TABLE "daily_reports" (
    "date" DATE NOT NULL,
    "summary" JSONB NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "daily_reports_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "error_logs" (
    "id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "stack" TEXT,
    "context" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "error_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" UUID NOT NULL,
    "job" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "tick_key" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'RUNNING',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "series_category_idx" ON "series"("category");

-- CreateIndex
CREATE INDEX "events_series_ticker_idx" ON "events"("series_ticker");

-- CreateIndex
CREATE INDEX "markets_eligible_latest_composite_idx" ON "markets"("eligible", "latest_composite" DESC);

-- CreateIndex
CREATE INDEX "markets_status_close_time_idx" ON "markets"("status", "close_time");

-- CreateIndex
CREATE INDEX "markets_event_ticker_idx" ON "markets"("event_ticker");

-- CreateIndex
CREATE INDEX "markets_category_idx" ON "markets"("category");

-- CreateIndex
CREATE INDEX "market_trades_ticker_created_time_idx" ON "market_trades"("ticker", "created_time" DESC);

-- CreateIndex
CREATE INDEX "market_trades_created_time_idx" ON "market_trades"("created_time");

-- CreateIndex
CREATE INDEX "orderbook_snapshots_ticker_captured_at_idx" ON "orderbook_snapshots"("ticker", "captured_at" DESC);

-- CreateIndex
CREATE INDEX "orderbook_snapshots_captured_at_idx" ON "orderbook_snapshots"("captured_at");

-- CreateIndex
CREATE INDEX "market_scores_ticker_scored_at_idx" ON "market_scores"("ticker", "scored_at" DESC);

-- CreateIndex
CREATE INDEX "market_scores_scored_at_idx" ON "market_scores"("scored_at");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_dedup_key_key" ON "alerts"("dedup_key");

-- CreateIndex
CREATE INDEX "alerts_created_at_idx" ON "alerts"("created_at" DESC);

-- CreateIndex
CREATE INDEX "alerts_label_created_at_idx" ON "alerts"("label", "created_at" DESC);

-- CreateIndex
CREATE INDEX "alerts_ticker_created_at_idx" ON "alerts"("ticker", "created_at" DESC);

-- CreateIndex
CREATE INDEX "market_user_states_watched_idx" ON "market_user_states"("watched");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_dedup_key_key" ON "outbox"("dedup_key");

-- CreateIndex
CREATE INDEX "outbox_status_next_attempt_at_idx" ON "outbox"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outbox_created_at_idx" ON "outbox"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "trader_orders_client_order_id_key" ON "trader_orders"("client_order_id");

-- CreateIndex
CREATE UNIQUE INDEX "trader_orders_exchange_order_id_key" ON "trader_orders"("exchange_order_id");

-- CreateIndex
CREATE INDEX "trader_orders_status_idx" ON "trader_orders"("status");

-- CreateIndex
CREATE INDEX "trader_orders_created_at_idx" ON "trader_orders"("created_at" DESC);

-- CreateIndex
CREATE INDEX "trader_fills_order_id_idx" ON "trader_fills"("order_id");

-- CreateIndex
CREATE INDEX "positions_status_idx" ON "positions"("status");

-- CreateIndex
CREATE INDEX "positions_opened_at_idx" ON "positions"("opened_at" DESC);

-- CreateIndex
CREATE INDEX "positions_ticker_idx" ON "positions"("ticker");

-- CreateIndex
CREATE INDEX "ai_decisions_run_at_idx" ON "ai_decisions"("run_at" DESC);

-- CreateIndex
CREATE INDEX "stop_loss_events_triggered_at_idx" ON "stop_loss_events"("triggered_at" DESC);

-- CreateIndex
CREATE INDEX "trading_pauses_resumed_at_idx" ON "trading_pauses"("resumed_at");

-- CreateIndex
CREATE INDEX "error_logs_occurred_at_idx" ON "error_logs"("occurred_at" DESC);

-- CreateIndex
CREATE INDEX "error_logs_source_occurred_at_idx" ON "error_logs"("source", "occurred_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_tick_key_key" ON "job_runs"("tick_key");

-- CreateIndex
CREATE INDEX "job_runs_job_started_at_idx" ON "job_runs"("job", "started_at" DESC);

-- CreateIndex
CREATE INDEX "job_runs_started_at_idx" ON "job_runs"("started_at" DESC);

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_series_ticker_fkey" FOREIGN KEY ("series_ticker") REFERENCES "series"("ticker") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "markets" ADD CONSTRAINT "markets_series_ticker_fkey" FOREIGN KEY ("series_ticker") REFERENCES "series"("ticker") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "markets" ADD CONSTRAINT "markets_event_ticker_fkey" FOREIGN KEY ("event_ticker") REFERENCES "events"("event_ticker") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_trades" ADD CONSTRAINT "market_trades_ticker_fkey" FOREIGN KEY ("ticker") REFERENCES "markets"("ticker") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orderbook_snapshots" ADD CONSTRAINT "orderbook_snapshots_ticker_fkey" FOREIGN KEY ("ticker") REFERENCES "markets"("ticker") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "baselines" ADD CONSTRAINT "baselines_ticker_fkey" FOREIGN KEY ("ticker") REFERENCES "markets"("ticker") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_scores" ADD CONSTRAINT "market_scores_ticker_fkey" FOREIGN KEY ("ticker") REFERENCES "markets"("ticker") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_ticker_fkey" FOREIGN KEY ("ticker") REFERENCES "markets"("ticker") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_user_states" ADD CONSTRAINT "market_user_states_ticker_fkey" FOREIGN KEY ("ticker") REFERENCES "markets"("ticker") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trader_orders" ADD CONSTRAINT "trader_orders_position_id_fkey" FOREIGN KEY ("position_id") REFERENCES "positions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trader_orders" ADD CONSTRAINT "trader_orders_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "ai_decisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trader_fills" ADD CONSTRAINT "trader_fills_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "trader_orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "positions" ADD CONSTRAINT "positions_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "ai_decisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stop_loss_events" ADD CONSTRAINT "stop_loss_events_position_id_fkey" FOREIGN KEY ("position_id") REFERENCES "positions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
