// Replays the alert rules over what `npm run eval:monitor -- --dump FILE` wrote: every scored
// cycle that moved a signal, the injected scenarios and the quiet markets. The rules are the
// app's own (firedRules at the settings the run printed), so a change to alert-rules.ts is judged
// in seconds instead of a fresh run. An approximation of the run, printed as such: no live path
// and no daily budget; the cooldown and its escalations are the app's own (decideAlert).
//
//   npm run eval:replay -- /tmp/seed7.jsonl [/tmp/seed11.jsonl …]
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from '@hono/zod-openapi';
import { parseCliArgs } from '../src/lib/cli.ts';
import { type PreviousAlert, type RuleInput, decideAlert, firedRules } from '../src/monitor/alerts/alert-rules.ts';
import type { BaselineStatus } from '../src/monitor/scoring/types.ts';
import { SettingsSchema, type Settings } from '../src/settings/settings.schema.ts';
import { type InjectedScenario, SCENARIO_TYPES, binomialInterval, falseAlertRate, falseAlertsByRule, inWindow } from './metrics.ts';

const HELP = `Usage: npm run eval:replay -- DUMP [DUMP …]

Replays the alert rules of api/src/monitor/alerts/alert-rules.ts over eval:monitor dumps
(--dump FILE) and prints, per dump and in total, alert recall per scenario type, false alerts on
quiet markets per 1,000 quiet market-days, and each miss's and false alert's rule input.

  --set K=V[,K=V…]  try other alert-rule settings instead of the run's: alertThreshold (30–100),
              signalRuleSurprise (0, off, or 4.5–30), whaleRuleEnabled (true/false),
              whaleMinDollars, whaleP99Multiple (2–1000), alertCooldownMinutes. A dump holds
              every cycle with a sub-score of at least 30, which these bounds keep exact.
  --misses    also list each missed scenario's strongest cycle
  --help      this text`;

const { values, positionals } = parseCliArgs('replay-rules', { misses: { type: 'boolean' }, set: { type: 'string' } }, HELP, { maxPositionals: 50 });
/** Bad input is one line on stderr and exit 2, as in every CLI of ours. */
const usage = (msg: string): never => {
  console.error(`replay-rules: ${msg}`);
  process.exit(2);
};
if (positionals.length === 0) usage('give at least one dump file (see --help)');
for (const path of positionals) if (!existsSync(path)) usage(`${path}: no such file`);

/**
 * The alert-rule settings a dump replays exactly, each with its least value: the dump holds every scored cycle with a
 * sub-score of at least 30, so a composite threshold under 30, a lone signal under 1 in 10^4.5 or a whale under 2× p99
 * could fire on cycles it does not hold.
 */
const REPLAYABLE = {
  alertThreshold: SettingsSchema.shape.alertThreshold.min(30),
  signalRuleSurprise: z.union([z.literal(0), SettingsSchema.shape.signalRuleSurprise.min(4.5)]),
  whaleRuleEnabled: SettingsSchema.shape.whaleRuleEnabled,
  whaleMinDollars: SettingsSchema.shape.whaleMinDollars,
  whaleP99Multiple: SettingsSchema.shape.whaleP99Multiple.min(2),
  alertCooldownMinutes: SettingsSchema.shape.alertCooldownMinutes,
};

/** `--set K=V,K=V`: rule settings to try instead of the run's, validated as the app validates them. */
function parseOverrides(raw: string): Partial<Settings> {
  const out: Record<string, unknown> = {};
  for (const pair of raw.split(',').map((x) => x.trim()).filter(Boolean)) {
    const [key, value, extra] = pair.split('=');
    if (!key || value === undefined || extra !== undefined) usage(`--set ${pair}: expected KEY=VALUE`);
    if (!Object.hasOwn(REPLAYABLE, key!)) usage(`--set ${key}: not a setting the replay can try (${Object.keys(REPLAYABLE).join(', ')})`);
    const v = value!.trim();
    const parsed = REPLAYABLE[key as keyof typeof REPLAYABLE].safeParse(v === 'true' ? true : v === 'false' ? false : v === '' ? NaN : Number(v));
    if (!parsed.success) usage(`--set ${key}=${v}: ${parsed.error.issues[0]?.message ?? 'invalid'} (--help gives the bounds a dump replays exactly)`);
    out[key!] = parsed.data;
  }
  return out as Partial<Settings>;
}
const overrides = typeof values.set === 'string' ? parseOverrides(values.set) : {};

interface Scored {
  ticker: string;
  ms: number;
  composite: number;
  priceImpact: number;
  liquidity: number;
  details: { baselineStatus?: BaselineStatus; historyHours?: number; facts?: Record<string, Record<string, number | string>> } | null;
}
interface Dump {
  meta: { seed: number; windowMs: number; settings: Settings; quietMarketDays: number };
  scenarios: InjectedScenario[];
  quiet: Set<string>;
  closeMs: Record<string, number | null>;
  scored: Scored[];
}

async function load(path: string): Promise<Dump> {
  const d: Partial<Dump> & { scenarios: InjectedScenario[]; scored: Scored[] } = { scenarios: [], scored: [] };
  let lineNo = 0;
  for await (const text of createInterface({ input: createReadStream(path) })) {
    lineNo++;
    if (!text) continue;
    let x;
    try {
      x = JSON.parse(text);
    } catch {
      usage(`${path}:${lineNo}: not JSON (write dumps with eval:monitor --dump FILE)`);
    }
    if (x.kind === 'meta') d.meta = x;
    else if (x.kind === 'scenario') d.scenarios.push(x);
    else if (x.kind === 'quiet') d.quiet = new Set(x.tickers);
    else if (x.kind === 'close') d.closeMs = x.ms;
    else if (x.kind === 'score') d.scored.push(x);
  }
  if (!d.meta || !d.quiet || !d.closeMs) usage(`${path}: not an eval:monitor --dump file (no meta, quiet or close line)`);
  d.scored.sort((a, b) => a.ms - b.ms || (a.ticker < b.ticker ? -1 : 1));
  return d as Dump;
}

function ruleInput(s: Scored, closeMs: number | null | undefined): RuleInput {
  const f = s.details?.facts ?? {};
  const facts = (name: string) => ({ facts: f[name] ?? {} });
  return {
    composite: s.composite,
    baselineStatus: s.details?.baselineStatus ?? 'ok',
    historyHours: s.details?.historyHours ?? 0,
    hoursToClose: closeMs != null ? (closeMs - s.ms) / 3_600_000 : undefined,
    signals: {
      tradeSize: facts('tradeSize'),
      priceImpact: { ...facts('priceImpact'), score: s.priceImpact },
      liquidity: { ...facts('liquidity'), score: s.liquidity },
      clustering: facts('clustering'),
      timing: facts('timing'),
    },
  };
}

interface Tally {
  found: Map<string, number>;
  n: Map<string, number>;
  falseAlerts: number;
  /** False alerts per rule that fired them (an alert fired by two rules counts under both). */
  falseByRule: Map<string, number>;
  marketDays: number;
}
const total: Tally = { found: new Map(), n: new Map(), falseAlerts: 0, falseByRule: new Map(), marketDays: 0 };

for (const path of positionals) {
  const d = await load(path);
  const settings = { ...d.meta.settings, ...overrides };
  const cooldownMs = settings.alertCooldownMinutes * 60_000;
  const last = new Map<string, PreviousAlert>();
  const alerts: { s: Scored; reasons: string; rules: string[] }[] = [];
  for (const s of d.scored) {
    const fired = firedRules(ruleInput(s, d.closeMs[s.ticker]), settings);
    if (!decideAlert(fired, s.composite, last.get(s.ticker) ?? null, new Date(s.ms), cooldownMs).alert) continue;
    last.set(s.ticker, { id: String(alerts.length), composite: s.composite, createdAt: new Date(s.ms) });
    alerts.push({ s, reasons: fired.map((r) => r.reason).join('; '), rules: fired.map((r) => r.rule) });
  }
  const tally: Tally = { found: new Map(), n: new Map(), falseAlerts: 0, falseByRule: new Map(), marketDays: d.meta.quietMarketDays };
  const misses: string[] = [];
  for (const sc of d.scenarios) {
    const hit = alerts.some((a) => inWindow(sc, { ticker: a.s.ticker, ms: a.s.ms }, d.meta.windowMs));
    tally.n.set(sc.type, (tally.n.get(sc.type) ?? 0) + 1);
    if (hit) tally.found.set(sc.type, (tally.found.get(sc.type) ?? 0) + 1);
    else if (values.misses) {
      const top = d.scored.filter((s) => inWindow(sc, { ticker: s.ticker, ms: s.ms }, d.meta.windowMs)).sort((a, b) => b.composite - a.composite)[0];
      misses.push(`  ${sc.type} ${sc.tercile} ${sc.tickers.join(',').slice(0, 60)}: top ${top ? `${top.composite} ${JSON.stringify(ruleInput(top, d.closeMs[top.ticker]))}` : 'none'}`);
    }
  }
  const falses = alerts.filter((a) => d.quiet.has(a.s.ticker));
  tally.falseAlerts = falses.length;
  for (const rule of falses.flatMap((a) => a.rules)) tally.falseByRule.set(rule, (tally.falseByRule.get(rule) ?? 0) + 1);
  const tried = Object.entries(overrides).map(([key, value]) => `${key} ${JSON.stringify(value)} instead of the run's ${JSON.stringify(d.meta.settings[key as keyof Settings])}`);
  print(`${path} (seed ${d.meta.seed}${tried.length ? `; ${tried.join(', ')}` : ''})`, tally);
  for (const m of misses) console.log(m);
  for (const a of falses) console.log(`  false alert ${new Date(a.s.ms).toISOString().slice(0, 16)} ${a.s.ticker} ${a.s.composite}: ${a.reasons}`);
  for (const [type, n] of tally.n) total.n.set(type, (total.n.get(type) ?? 0) + n);
  for (const [type, n] of tally.found) total.found.set(type, (total.found.get(type) ?? 0) + n);
  total.falseAlerts += tally.falseAlerts;
  for (const [rule, k] of tally.falseByRule) total.falseByRule.set(rule, (total.falseByRule.get(rule) ?? 0) + k);
  total.marketDays += tally.marketDays;
}
if (positionals.length > 1) print('all dumps', total);

function print(title: string, t: Tally) {
  const rate = falseAlertRate(t.falseAlerts, t.marketDays);
  console.log(`\n${title} — replayed rules (no live path, no budget)`);
  for (const type of SCENARIO_TYPES) {
    const n = t.n.get(type) ?? 0;
    const k = t.found.get(type) ?? 0;
    const ci = n ? binomialInterval(k, n) : null;
    console.log(`  ${type.padEnd(23)} ${String(k).padStart(3)}/${String(n).padEnd(3)} ${ci ? `${(k / n).toFixed(2)} (95% ${ci.low.toFixed(2)}–${ci.high.toFixed(2)})` : 'n/a'}`);
  }
  console.log(`  false alerts ${t.falseAlerts} over ${t.marketDays.toFixed(0)} quiet market-days: ${rate.falseAlertsPer1000.toFixed(2)} per 1,000 (95% upper ${rate.upper95Per1000.toFixed(2)})`);
  if (t.falseAlerts > 0) console.log(`    by the rule that fired: ${falseAlertsByRule(t.falseByRule)}`);
}
