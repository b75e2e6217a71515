// `npx tsx api/eval/make-tape.ts --out FILE [--markets 600 --days 3 --seed 424242 --book-every-min 30]` (0: no books):
// writes a trade tape in the exchange's JSONL format (series, event, market, trade and book
// records) from the generated universe's history, so `npm run eval:monitor -- --tape FILE`
// can be tried without a recording. A recorded Kalshi tape is the real use of --tape.
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { startExchange } from '@sentinel/exchange';

let values: Record<string, string | boolean | undefined> = {};
try {
  ({ values } = parseArgs({
    strict: true,
    options: { out: { type: 'string' }, markets: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, start: { type: 'string' }, 'book-every-min': { type: 'string' }, help: { type: 'boolean' } },
  }));
} catch (err) {
  console.error(`make-tape: ${(err as Error).message.split('\n')[0]}`);
  process.exit(2);
}
if (values.help || !values.out) {
  console.log(`npx tsx api/eval/make-tape.ts --out FILE [--markets 600] [--days 3] [--seed 424242] [--start ISO] [--book-every-min 30]

Writes a trade tape in the exchange's JSONL format from the generated universe, for eval:monitor --tape.

  --book-every-min M  a book line per market every M minutes (default 30); 0 writes no books, as
                      Kalshi's public trade history records them (the exchange then models each book)`);
  process.exit(values.help ? 0 : 2);
}
const markets = Number(values.markets ?? 600);
const days = Number(values.days ?? 3);
const seed = Number(values.seed ?? 424242);
const bookEveryMs = Number(values['book-every-min'] ?? 30) * 60_000;
const start = (values.start as string | undefined) ?? '2027-02-02T15:00:00Z';
// --book-every-min 0: trades only, as Kalshi's public trade history records them (the exchange then models books)
if (![markets, days, seed].every((x) => Number.isFinite(x) && x > 0) || !(Number.isFinite(bookEveryMs) && bookEveryMs >= 0)) {
  console.error('make-tape: --markets, --days and --seed must be positive numbers, --book-every-min 0 or more');
  process.exit(2);
}

// The tape is the universe's generated history: [start − days, start].
const ex = await startExchange({ markets, historyDays: days, seed, speed: 0, startTime: start });
const e = ex.engine;
const toMs = e.now();
const fromMs = toMs - days * 86_400_000;
const out = createWriteStream(values.out as string);
const write = (rec: Record<string, unknown>) => out.write(`${JSON.stringify(rec)}\n`);
const iso = (ms: number) => new Date(ms).toISOString();
const dollars = (pips: number) => (pips / 10000).toFixed(4);
const fp = (cc: number) => (cc / 100).toFixed(2);

const chosen = e.u.markets.filter((m) => !m.isMve && m.openS * 1000 < toMs && m.closeS * 1000 > fromMs);
const seriesIdx = new Set(chosen.map((m) => m.seriesIdx));
const eventIdx = new Set(chosen.map((m) => m.eventIdx));
for (const i of seriesIdx) {
  const s = e.u.series[i]!;
  write({ type: 'series', ticker: s.ticker, title: s.title, category: s.category, fee_type: s.feeType, fee_multiplier: s.feeMult1000 / 1000 });
}
for (const i of eventIdx) {
  const ev = e.u.events[i]!;
  write({ type: 'event', event_ticker: ev.ticker, series_ticker: e.u.series[ev.seriesIdx]!.ticker, title: ev.title, mutually_exclusive: ev.mutuallyExclusive });
}
for (const m of chosen) {
  write({
    type: 'market', ticker: m.ticker, event_ticker: e.u.events[m.eventIdx]!.ticker, yes_sub_title: m.yesSub, no_sub_title: m.noSub,
    created_time: iso(m.createdS * 1000), open_time: iso(m.openS * 1000), close_time: iso(m.closeS * 1000), result: '',
  });
}
let trades = 0;
let books = 0;
for (const m of chosen) {
  const rows = e.allTrades(m.idx, fromMs, toMs).rows.reverse();
  for (const r of rows) {
    write({ type: 'trade', trade_id: r.tradeId, ticker: m.ticker, count_fp: fp(r.cc), yes_price_dollars: dollars(r.price), taker_outcome_side: r.side ? 'no' : 'yes', created_time: iso(r.tsMs) });
    trades++;
  }
  for (let t = Math.max(fromMs, m.openS * 1000); bookEveryMs > 0 && t < Math.min(toMs, m.closeS * 1000); t += bookEveryMs) {
    const lv = e.model.bookLevels(m, Math.floor(t / 1000 / 30), t / 1000); // 30 s book buckets
    write({ type: 'book', ticker: m.ticker, ts: iso(t), yes_dollars: lv.yes.map(([p, c]) => [dollars(p), fp(c)]), no_dollars: lv.no.map(([p, c]) => [dollars(p), fp(c)]) });
    books++;
  }
}
await new Promise<void>((resolve) => out.end(resolve));
console.log(`make-tape: ${values.out}: ${chosen.length} markets, ${trades} trades, ${books} books from ${iso(fromMs)} to ${iso(toMs)}`);
await ex.close();
process.exit(0);
