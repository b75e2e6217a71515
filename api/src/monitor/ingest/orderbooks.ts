// Order-book snapshots for eligible markets through the batch endpoint (100 books a
// request). Every book feeds this cycle's scoring; only books that changed, or that have not
// been stored for an hour, are written, so storage grows with activity, not with time.
import type pg from 'pg';
import { type KalshiClient, formatCount, formatDollars } from '../../kalshi/index.ts';
import type { Orderbook } from '../../kalshi/schemas.ts';
import type { Logger } from '../../lib/logger.ts';
import { type BookState, median } from '../scoring/index.ts';

/** Depth counts contracts resting within this distance of each side's best bid. */
export const DEPTH_BAND_MICROS = 50_000n; // 5¢
const STORE_AT_LEAST_EVERY_MS = 60 * 60_000;
const DEPTH_CHANGE_TO_STORE = 0.1;

export interface BookSummary {
  ticker: string;
  bestYesBid: bigint | null;
  bestYesAsk: bigint | null;
  yesDepthCenti: bigint;
  noDepthCenti: bigint;
  yesDepthMicros: bigint;
  noDepthMicros: bigint;
  levels: { yes: [string, string][]; no: [string, string][] };
  /** Median size of the levels within the depth band (both sides), centi-contracts; null when none rests there. */
  levelMedianCenti: number | null;
}

/** Kalshi books list bids only, ascending: the best YES ask is 1 − the best NO bid. */
export function summarizeBook(book: Orderbook): BookSummary {
  const sizes: number[] = [];
  const side = (levels: Orderbook['yes']) => {
    const best = levels.length ? levels[levels.length - 1]!.price_micros : null;
    let centi = 0n;
    let notional = 0n;
    if (best !== null) {
      for (const level of levels) {
        if (best - level.price_micros <= DEPTH_BAND_MICROS) {
          centi += level.count_centi;
          notional += (level.price_micros * level.count_centi) / 100n;
          sizes.push(Number(level.count_centi));
        }
      }
    }
    return { best, centi, notional };
  };
  const yes = side(book.yes);
  const no = side(book.no);
  return {
    ticker: book.ticker,
    bestYesBid: yes.best,
    bestYesAsk: no.best === null ? null : 1_000_000n - no.best,
    yesDepthCenti: yes.centi,
    noDepthCenti: no.centi,
    yesDepthMicros: yes.notional,
    noDepthMicros: no.notional,
    levels: {
      yes: book.yes.slice(-10).map((l) => [l.price_dollars, l.count_fp]),
      no: book.no.slice(-10).map((l) => [l.price_dollars, l.count_fp]),
    },
    levelMedianCenti: sizes.length === 0 ? null : median(sizes),
  };
}

export function toBookState(summary: BookSummary, ts: number): BookState {
  const bid = summary.bestYesBid === null ? null : Number(summary.bestYesBid) / 1e6;
  const ask = summary.bestYesAsk === null ? null : Number(summary.bestYesAsk) / 1e6;
  return {
    ts,
    bestYesBid: bid,
    bestYesAsk: ask,
    spread: bid !== null && ask !== null ? Math.max(0, ask - bid) : null,
    depth: Number(summary.yesDepthCenti + summary.noDepthCenti) / 100,
    levelMedian: summary.levelMedianCenti === null ? null : summary.levelMedianCenti / 100,
  };
}

interface LastStored {
  at: number;
  bid: bigint | null;
  ask: bigint | null;
  depthCenti: bigint;
}

/** Remembers what was last written per market, so unchanged books are not written again. */
export class SnapshotMemory {
  private readonly last = new Map<string, LastStored>();
  private loaded = false;

  async load(pool: pg.Pool, since: Date): Promise<void> {
    if (this.loaded) return;
    const { rows } = await pool.query<{ ticker: string; at: Date; bid: string | null; ask: string | null; depth: string }>(
      `SELECT DISTINCT ON (ticker) ticker, captured_at AS at, best_yes_bid::text AS bid, best_yes_ask::text AS ask,
              ((yes_depth + no_depth) * 100)::bigint::text AS depth
       FROM orderbook_snapshots WHERE captured_at >= $1 ORDER BY ticker, captured_at DESC`,
      [since],
    );
    for (const r of rows) {
      this.last.set(r.ticker, {
        at: r.at.getTime(),
        bid: r.bid === null ? null : BigInt(Math.round(Number(r.bid) * 1e6)),
        ask: r.ask === null ? null : BigInt(Math.round(Number(r.ask) * 1e6)),
        depthCenti: BigInt(r.depth),
      });
    }
    this.loaded = true;
  }

  shouldStore(summary: BookSummary, now: number): boolean {
    const previous = this.last.get(summary.ticker);
    if (!previous || now - previous.at >= STORE_AT_LEAST_EVERY_MS) return true;
    if (previous.bid !== summary.bestYesBid || previous.ask !== summary.bestYesAsk) return true;
    const depth = summary.yesDepthCenti + summary.noDepthCenti;
    const base = previous.depthCenti === 0n ? 1n : previous.depthCenti;
    return Math.abs(Number(depth - previous.depthCenti)) / Number(base) >= DEPTH_CHANGE_TO_STORE;
  }

  remember(summary: BookSummary, now: number): void {
    this.last.set(summary.ticker, {
      at: now,
      bid: summary.bestYesBid,
      ask: summary.bestYesAsk,
      depthCenti: summary.yesDepthCenti + summary.noDepthCenti,
    });
  }
}

async function storeSnapshots(pool: pg.Pool, summaries: BookSummary[], at: Date): Promise<void> {
  if (summaries.length === 0) return;
  const dollars = (v: bigint | null) => (v === null ? null : formatDollars(v));
  await pool.query(
    `INSERT INTO orderbook_snapshots (ticker, captured_at, best_yes_bid, best_yes_ask, spread, yes_depth, no_depth,
       yes_depth_dollars, no_depth_dollars, levels)
     SELECT u.t, $10, u.bid, u.ask, u.spread, u.yd, u.nd, u.ydd, u.ndd, u.levels::jsonb
     FROM unnest($1::text[], $2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[],
                 $8::numeric[], $9::text[]) AS u(t, bid, ask, spread, yd, nd, ydd, ndd, levels)
     JOIN markets m ON m.ticker = u.t`,
    [
      summaries.map((s) => s.ticker),
      summaries.map((s) => dollars(s.bestYesBid)),
      summaries.map((s) => dollars(s.bestYesAsk)),
      summaries.map((s) => (s.bestYesBid !== null && s.bestYesAsk !== null ? formatDollars(s.bestYesAsk - s.bestYesBid) : null)),
      summaries.map((s) => formatCount(s.yesDepthCenti)),
      summaries.map((s) => formatCount(s.noDepthCenti)),
      summaries.map((s) => formatDollars(s.yesDepthMicros)),
      summaries.map((s) => formatDollars(s.noDepthMicros)),
      summaries.map((s) => JSON.stringify(s.levels)),
      at,
    ],
  );
}

export interface BookDeps {
  pool: pg.Pool;
  kalshi: KalshiClient;
  logger: Logger;
  now: () => Date;
  signal?: AbortSignal;
}

/** Fetches every eligible market's book; returns them for scoring and stores the changed ones. */
export async function snapshotOrderbooks(
  deps: BookDeps,
  tickers: string[],
  memory: SnapshotMemory,
): Promise<{ books: Map<string, BookState>; counts: { books: number; snapshotsStored: number; malformedBooks: number } }> {
  const at = deps.now();
  await memory.load(deps.pool, new Date(at.getTime() - STORE_AT_LEAST_EVERY_MS));
  const books = new Map<string, BookState>();
  const toStore: BookSummary[] = [];
  const malformedBefore = deps.kalshi.stats.malformed['GET /markets/orderbooks'] ?? 0;
  let stored = 0;
  for await (const book of deps.kalshi.listOrderbooks(tickers, { signal: deps.signal })) {
    const summary = summarizeBook(book);
    books.set(book.ticker, toBookState(summary, at.getTime()));
    if (memory.shouldStore(summary, at.getTime())) {
      toStore.push(summary);
      memory.remember(summary, at.getTime());
    }
    if (toStore.length >= 1000) {
      await storeSnapshots(deps.pool, toStore.splice(0), at);
      stored += 1000;
    }
  }
  stored += toStore.length;
  await storeSnapshots(deps.pool, toStore, at);
  const malformedBooks = (deps.kalshi.stats.malformed['GET /markets/orderbooks'] ?? 0) - malformedBefore;
  return { books, counts: { books: books.size, snapshotsStored: stored, malformedBooks } };
}
