-- CreateTable
CREATE TABLE "history_markets" (
    "ticker" TEXT NOT NULL,
    "event_ticker" TEXT NOT NULL,
    "series_ticker" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "yes_sub_title" TEXT,
    "market_type" TEXT NOT NULL DEFAULT 'binary',
    "status" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "settlement_value" DECIMAL(18,6),
    "open_time" TIMESTAMPTZ(3),
    "close_time" TIMESTAMPTZ(3) NOT NULL,
    "settled_at" TIMESTAMPTZ(3),
    "volume" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "open_interest" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "last_price" DECIMAL(18,6),
    "source" TEXT NOT NULL,
    "candles_at" TIMESTAMPTZ(3),
    "candle_count" INTEGER NOT NULL DEFAULT 0,
    "trades_at" TIMESTAMPTZ(3),
    "collected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "history_markets_pkey" PRIMARY KEY ("ticker")
);

-- CreateTable
CREATE TABLE "history_candles" (
    "ticker" TEXT NOT NULL,
    "period_minutes" SMALLINT NOT NULL,
    "end_period_ts" TIMESTAMPTZ(0) NOT NULL,
    "yes_bid_open" INTEGER NOT NULL,
    "yes_bid_low" INTEGER NOT NULL,
    "yes_bid_high" INTEGER NOT NULL,
    "yes_bid_close" INTEGER NOT NULL,
    "yes_ask_open" INTEGER NOT NULL,
    "yes_ask_low" INTEGER NOT NULL,
    "yes_ask_high" INTEGER NOT NULL,
    "yes_ask_close" INTEGER NOT NULL,
    "price_open" INTEGER,
    "price_low" INTEGER,
    "price_high" INTEGER,
    "price_close" INTEGER,
    "price_mean" INTEGER,
    "price_previous" INTEGER,
    "volume_centi" BIGINT NOT NULL,
    "open_interest_centi" BIGINT NOT NULL,

    CONSTRAINT "history_candles_pkey" PRIMARY KEY ("ticker","period_minutes","end_period_ts")
);

-- CreateTable
CREATE TABLE "history_trades" (
    "trade_id" TEXT NOT NULL,
    "ticker" TEXT NOT NULL,
    "created_time" TIMESTAMPTZ(3) NOT NULL,
    "yes_price" DECIMAL(18,6) NOT NULL,
    "count" DECIMAL(18,2) NOT NULL,
    "taker_outcome_side" TEXT NOT NULL,

    CONSTRAINT "history_trades_pkey" PRIMARY KEY ("trade_id")
);

-- CreateIndex
CREATE INDEX "history_markets_settled_at_idx" ON "history_markets"("settled_at");

-- CreateIndex
CREATE INDEX "history_markets_category_settled_at_idx" ON "history_markets"("category", "settled_at");

-- CreateIndex
CREATE INDEX "history_markets_series_ticker_idx" ON "history_markets"("series_ticker");

-- CreateIndex
CREATE INDEX "history_markets_candles_at_idx" ON "history_markets"("candles_at");

-- CreateIndex
CREATE INDEX "history_trades_ticker_created_time_idx" ON "history_trades"("ticker", "created_time");
