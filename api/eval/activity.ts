// Each market's own activity before anything is injected, measured from the app's database:
// what eval:monitor draws scenario sizes and terciles from.
import type pg from 'pg';
import type { MarketActivity } from './metrics.ts';

/**
 * The eligible, active markets' activity over [fromMs, toMs]. Sizes and rates are of orders, as the
 * monitor counts them (api/src/monitor/scoring/baseline.ts toOrders): fills that share a market,
 * a timestamp and a taker side are one taker order. A sweep through several resting orders is
 * several fills on Kalshi's tape, so p99 and median over fills would understate the market's
 * orders, and a whale drawn at 3× such a p99 could be an ordinary order to the monitor.
 */
export async function measureActivity(pool: pg.Pool, fromMs: number, toMs: number): Promise<MarketActivity[]> {
  const { rows } = await pool.query<{
    ticker: string; event_ticker: string; close_ms: number; open_ms: number | null; n: number;
    p99: number | null; med: number | null; depth: number | null; bid: string | null; ask: string | null; last: string | null;
  }>(
    `WITH o AS (
       SELECT ticker, sum(count) AS size
       FROM market_trades WHERE created_time >= $1 AND created_time <= $2
       GROUP BY ticker, created_time, taker_outcome_side),
     t AS (
       SELECT ticker, count(*)::int AS n,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY size)::float8 AS p99,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY size)::float8 AS med
       FROM o GROUP BY ticker),
     b AS (
       SELECT ticker, percentile_cont(0.5) WITHIN GROUP (ORDER BY yes_depth + no_depth)::float8 AS depth
       FROM orderbook_snapshots WHERE captured_at <= $2 GROUP BY ticker)
     SELECT m.ticker, m.event_ticker, (extract(epoch from m.close_time) * 1000)::float8 AS close_ms,
            (extract(epoch from m.open_time) * 1000)::float8 AS open_ms, coalesce(t.n, 0) AS n, t.p99, t.med, b.depth,
            m.yes_bid::text AS bid, m.yes_ask::text AS ask, m.last_price::text AS last
     FROM markets m LEFT JOIN t USING (ticker) LEFT JOIN b USING (ticker)
     WHERE m.eligible AND m.status = 'active' ORDER BY m.ticker`,
    [new Date(fromMs), new Date(toMs)],
  );
  return rows.map((r) => {
    const from = Math.max(fromMs, r.open_ms ?? fromMs);
    const hours = Math.max(1, (toMs - from) / 3_600_000);
    const bid = r.bid !== null ? Number(r.bid) : null;
    const ask = r.ask !== null ? Number(r.ask) : null;
    const mid = bid !== null && ask !== null && bid > 0 && ask > 0 && ask < 1 ? (bid + ask) / 2 : r.last !== null && Number(r.last) > 0 ? Number(r.last) : null;
    return {
      ticker: r.ticker, eventTicker: r.event_ticker, orders: r.n, hours, ordersPerHour: r.n / hours,
      p99: Math.max(0.01, r.p99 ?? 1), medianSize: Math.max(0.01, r.med ?? 1), depth: r.depth, mid, closeMs: r.close_ms,
    };
  });
}
