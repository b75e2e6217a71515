// The trading pages end to end: the local exchange in-process, a loopback Anthropic, and the
// real API (embedded database) with the trader's jobs serving the built SPA. The trader runs
// for real (a failed AI call, then a scan that opens three paper positions, a stop-loss, a
// settlement, daily snapshots and a monthly analysis, and a stored backtest), then Chromium signs in
// and walks the dashboard, the AI decisions, the qualifying funnel, the error logs and the settings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalLock } from '../../api/src/jobs/locks.ts';
import { createScheduler } from '../../api/src/jobs/scheduler.ts';
import { saveBacktestReport } from '../../api/src/trader/backtest/store.ts';
import { createTraderJobs } from '../../api/src/trader/jobs.ts';
import type { TraderDeps } from '../../api/src/trader/pipeline.ts';
import { runMonthlyAnalysis } from '../../api/src/trader/reports/monthly.ts';
import { writePerformanceSnapshot } from '../../api/src/trader/reports/performance.ts';
import { type FakeAnthropic, startFakeAnthropic } from '../../api/test/support/fakes/anthropic.ts';
import { TEST_ADMIN_TOKEN, startTestServer } from '../../api/test/support/app.ts';
import { TEST_SETTINGS, TRADER_TEST_START, clockFrom, seedMarkets, testServices } from '../../api/test/trader/support.ts';

const WEB_BUILD = join(import.meta.dirname, '..', 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.E2E_SCREENSHOT_DIR ?? '/tmp';
const AI_KEY = 'sk-ant-e2e-secret-key-0123456789';
const DAY = 86_400_000;

let exchange: RunningExchange;
let ai: FakeAnthropic;
let db: Database;
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let traderDeps: TraderDeps;

/** The tickers the scenario traded: stopped out, won, and still open. */
const traded = { stopped: '', won: '', open: '' };

const pageErrors: string[] = [];

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

async function runJob(name: string): Promise<Record<string, number>> {
	const outcome = await api<{ status: string; counts?: Record<string, number>; error?: string }>('POST', `/api/jobs/${name}/run`);
	if (outcome.status !== 'SUCCEEDED') throw new Error(`${name}: ${JSON.stringify(outcome)}`);
	return outcome.counts ?? {};
}

async function control(path: string, body: unknown) {
	const response = await fetch(`${exchange.baseUrl}/_exchange${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	if (response.status >= 300) throw new Error(`exchange ${path}: ${response.status}`);
}

type Candidate = { ticker: string; side: 'YES' | 'NO' };
const pick = (c: Candidate, allocation: number, confidence: number) => ({
	ticker: c.ticker,
	side: c.side,
	allocation,
	probability: 0.97,
	confidence,
	reasoning: `Strong favourite ${c.ticker}: the outcome is all but decided and the book is deep.`,
	risk_factors: ['late news', 'thin book near close']
});

async function openContext(): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, colorScheme: 'light', timezoneId: 'UTC' });
	// The browser shows times on the exchange's clock too (timers keep running).
	await context.clock.setFixedTime(exchange.now());
	const page = await context.newPage();
	page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
	page.on('console', (message) => {
		// Chromium logs the API's deliberate refusals (400 field errors, 409 live mode) as failed resources.
		if (message.type() === 'error' && !/status of (400|401|409)/.test(message.text())) pageErrors.push(`console: ${message.text()}`);
	});
	return { context, page };
}

async function heading(page: Page, name: string) {
	await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

async function shot(page: Page, name: string) {
	await page.screenshot({ path: join(SCREENSHOTS, `web-trading-${name}.png`), fullPage: true, animations: 'disabled' });
}

beforeAll(async () => {
	if (!existsSync(join(WEB_BUILD, '_app'))) throw new Error(`No built web app in ${WEB_BUILD}; run \`npm run build -w @sentinel/web\` first.`);
	exchange = await startExchange({ markets: 300, historyDays: 1, seed: 7, speed: 0, startTime: TRADER_TEST_START });
	// The whole scenario (API, jobs, trader, browser) runs on the exchange's frozen clock.
	const now = clockFrom(exchange);
	ai = await startFakeAnthropic();
	// No Kalshi keys and DRY_RUN: paper trading, and live mode is refused.
	const services = testServices(exchange, { aiKey: AI_KEY, aiBaseUrl: ai.baseUrl, dryRun: true });
	const logger = pino({ level: 'silent' });
	db = await createTestDatabase();
	const scheduler = createScheduler({ prisma: db.prisma, lock: createLocalLock(), logger, jobs: createTraderJobs({ services }), secrets: services.secrets, now });
	server = await startTestServer({ webDir: WEB_BUILD, db, services, scheduler, now });
	traderDeps = { prisma: db.prisma, services, logger, now };

	await seedMarkets(db.prisma, exchange);
	await api('PUT', '/api/settings', TEST_SETTINGS);

	// An AI failure first: recorded as a decision with an error, and in the error log.
	ai.reply({ kind: 'error', status: 500, message: 'overloaded' });
	expect(await runJob('daily-scan')).toMatchObject({ aiFailed: 1, ordersPlaced: 0 });

	// Then the AI picks favourites until three paper positions are open (a pick the hard limits
	// refuse, say for its expected value at the moment's price, is replaced by another).
	const held = new Set<string>();
	for (let attempt = 0; attempt < 3 && held.size < 3; attempt++) {
		const qualifying = await api<{ samples: (Candidate & { yesPrice: string })[] }>('GET', '/api/trading/qualifying');
		// The cheapest favourites have the most room for a positive expected value after the fee.
		const fresh = qualifying.samples.filter((s) => s.side === 'YES' && !held.has(s.ticker)).sort((x, y) => Number(x.yesPrice) - Number(y.yesPrice));
		const picks = fresh.slice(0, 3 - held.size).map((c, i) => pick(c, attempt === 0 ? 25 : 20, [0.92, 0.85, 0.75][(held.size + i) % 3]!));
		expect(picks.length).toBeGreaterThan(0);
		ai.reply({ kind: 'tool', input: { selected_contracts: picks, total_allocated: picks.reduce((a, p) => a + p.allocation, 0), strategy_notes: 'Uncorrelated favourites.' } });
		await runJob('daily-scan');
		for (const p of (await api<{ positions: { ticker: string }[] }>('GET', '/api/trading/positions')).positions) held.add(p.ticker);
	}
	expect(held.size).toBe(3);
	await writePerformanceSnapshot({ ...traderDeps, now: () => new Date(exchange.now() - 2 * DAY) });

	// One is stopped out after a forced price drop (the first whose held side's bid follows it
	// below the stop-loss, and above the stop-limit's 0.70 floor), one settles YES, and the third stays open.
	for (const ticker of held) {
		await control(`/markets/${ticker}/price`, { price_dollars: '0.76' });
		if ((await runJob('stop-loss')).sold === 1) {
			traded.stopped = ticker;
			break;
		}
	}
	expect(traded.stopped).not.toBe('');
	[traded.won, traded.open] = [...held].filter((t) => t !== traded.stopped) as [string, string];
	await writePerformanceSnapshot({ ...traderDeps, now: () => new Date(exchange.now() - DAY) });
	await control(`/markets/${traded.won}/settle`, { result: 'yes' });
	expect(await runJob('check-resolutions')).toMatchObject({ won: 1 });
	await runJob('performance-snapshot');
	await runJob('morning-report');
	// The monthly analysis of this month (the job analyses the month before, which has no trades).
	const today = now();
	const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
	const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
	await runMonthlyAnalysis(traderDeps, { start, end, label: 'this month' });

	// The latest backtest: on collected history, an interval that includes zero.
	await saveBacktestReport(db.prisma, {
		createdAt: new Date(exchange.now() - DAY).toISOString(),
		source: { kind: 'history', description: 'KXFED and KXCPI, collected with npm run history', settledMarkets: 412, from: '2026-10-01T14:00:00Z', to: '2026-11-15T21:00:00Z' },
		settings: { minDepthDollars: '2000' },
		strategies: [
			{ name: 'rules selector', trades: 11, events: 9, winRate: 0.4545, staked: 480.5, pnl: -20.64, roi: -0.043, maxDrawdown: 35.1, fees: 6.2, stopped: 2, ci95: [-0.18, 0.096] },
			{ name: 'buy every candidate', trades: 28, events: 20, winRate: 0.82, staked: 1210, pnl: -89.42, roi: -0.074, maxDrawdown: 102.3, fees: 17.4, stopped: 6, ci95: [-0.15, -0.01] }
		],
		verdict: 'Edge not demonstrated: 11 trades cannot tell a small loss from a small gain.',
		edge: 'not demonstrated',
		calibration: [{ band: '90–95¢', trades: 140, avgPrice: 0.9231, avgAsk: 0.9302, winRate: 0.9 }]
	});

	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
	await db?.close();
	await ai?.close();
	await exchange?.close();
});

describe('trading pages', () => {
	it('walks the dashboard, decisions, qualifying, error logs and settings', async () => {
		const { context, page } = await openContext();

		// Signed out, the trading pages send the visitor to sign in first.
		await page.goto('/trading');
		await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirectTo') === '/trading');
		await page.getByLabel('Admin token').fill(TEST_ADMIN_TOKEN);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => url.pathname === '/trading');
		await heading(page, 'Trading');

		// ── Dashboard ──
		expect(await page.locator('header [data-mode]').first().innerText()).toBe('PAPER');
		expect(await page.locator('[data-field="bankroll"]').innerText()).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
		expect(await page.locator('[data-field="win-rate"]').innerText()).toBe('50%');
		expect(await page.locator('[data-field="open-positions"]').innerText()).toBe('1');
		expect(await page.locator('[data-field="total-pnl"]').innerText()).toMatch(/^[+−]\$\d+\.\d{2}$/);
		expect(await page.locator('[data-field="selector"]').innerText()).toBe('Claude (AI)');
		// The open position with its unrealized P&L.
		const position = page.locator(`[data-position="${traded.open}"]`);
		await position.waitFor();
		expect(await position.locator('[data-field="unrealized"]').innerText()).toMatch(/\$\d+\.\d{2}$/);
		// Recent trades with the AI's reasoning, confidence, risk factors and outcome.
		const won = page.locator(`[data-trade="${traded.won}"]`);
		expect(await won.getAttribute('data-status')).toBe('WON');
		expect(await won.locator('[data-field="reasoning"]').innerText()).toContain(`Strong favourite ${traded.won}`);
		const wonTrade = (await api<{ trades: { ticker: string; aiConfidence: number }[] }>('GET', '/api/trading/trades')).trades.find((t) => t.ticker === traded.won)!;
		expect(await won.locator('[data-field="confidence"]').innerText()).toBe(`${Math.round(wonTrade.aiConfidence * 100)}%`);
		expect(await won.locator('[data-field="pnl"]').innerText()).toMatch(/^\+\$\d+\.\d{2}$/);
		await won.getByText('thin book near close').waitFor();
		expect(await page.locator(`[data-trade="${traded.stopped}"]`).getAttribute('data-status')).toBe('STOPPED');
		// The P&L curve from three daily snapshots, the monthly analysis and the calibration.
		expect(await page.locator('[data-testid="pnl-chart"] circle').count()).toBe(3);
		await page.locator('[data-chart="category"] li').first().waitFor();
		expect(await page.locator('[data-field="insights"]').innerText()).toContain('trades closed in this month');
		expect(await page.locator('[data-field="brier"]').innerText()).toMatch(/^0\.\d{4}/);
		await page.getByRole('radio', { name: 'Win rate' }).click();
		expect(await page.locator('[data-chart="series"] li').count()).toBeGreaterThanOrEqual(1);
		expect(await page.locator('[data-breaker="ok"]').count()).toBe(1);
		// Strategy evidence: the latest backtest's verdict in plain words, its numbers, data and date.
		const evidence = page.locator('[data-card="strategy-evidence"]');
		expect(await evidence.locator('[data-edge]').getAttribute('data-edge')).toBe('not demonstrated');
		expect(await evidence.locator('[data-field="verdict"]').innerText()).toMatch(/^Edge not demonstrated: the 95% interval of the return per dollar staked includes zero\. .* ROI -4\.3% \(95% interval -18\.0% to \+9\.6%\)/);
		const rules = evidence.locator('[data-strategy="rules selector"]');
		expect(await rules.locator('[data-field="strategy-trades"]').innerText()).toBe('11');
		expect(await rules.locator('[data-field="strategy-win-rate"]').innerText()).toBe('45.5%');
		expect(await rules.locator('[data-field="strategy-pnl"]').innerText()).toBe('−$20.64');
		expect(await rules.locator('[data-field="strategy-interval"]').innerText()).toBe('−18% to +9.6%');
		expect(await evidence.locator('[data-strategy]').count()).toBe(2);
		expect(await evidence.locator('[data-band="90–95¢"]').innerText()).toContain('92.31¢');
		expect(await evidence.locator('[data-field="backtest-source"]').innerText()).toContain('Collected Kalshi history');
		await shot(page, 'dashboard');

		// ── AI decisions ──
		await page.getByRole('navigation', { name: 'Trading' }).getByRole('link', { name: 'AI decisions' }).click();
		await heading(page, 'AI decisions');
		const runs = page.locator('article[data-decision]');
		const total = await runs.count();
		expect(total).toBeGreaterThanOrEqual(2);
		// The scan that opened the first positions (the oldest but one) and the failed AI call (the oldest).
		const opened = runs.nth(total - 2);
		expect(await opened.locator('[data-field="selector"]').innerText()).toBe('Claude (AI)');
		expect(Number(await opened.locator('[data-field="selected"]').innerText())).toBeGreaterThanOrEqual(1);
		expect(await opened.locator('[data-check="expected-value"][data-passed="true"]').count()).toBeGreaterThanOrEqual(1);
		expect(await opened.locator('[data-check="trading-enabled"][data-passed="true"]').count()).toBe(1);
		expect(await opened.locator('[data-field="cost"]').innerText()).toBe('$0.0081');
		await opened.getByText('Raw response').click();
		expect(await opened.locator('[data-field="raw-response"]').innerText()).toContain('selected_contracts');
		await opened.locator('[data-pick] [data-verdict]').first().waitFor();
		const failed = runs.nth(total - 1);
		expect(await failed.locator('[data-check="ai-response"][data-passed="false"]').count()).toBe(1);
		await failed.getByText('The analysis failed, so nothing was traded').waitFor();

		// A dry analysis: one made-up ticker (refused by the hard limits), nothing placed.
		ai.reply({ kind: 'tool', input: { selected_contracts: [pick({ ticker: 'FAKE-1', side: 'YES' }, 30, 0.9)], total_allocated: 30, strategy_notes: 'dry run' } });
		await page.getByRole('button', { name: 'Dry AI analysis' }).click();
		const dry = page.locator('[data-dry-result]');
		await dry.waitFor();
		expect(await dry.locator('[data-field="would-place"]').innerText()).toContain('None');
		expect(await dry.locator('[data-check="qualified-ticker"][data-passed="false"]').count()).toBe(1);
		await dry.getByText('Dry run: no orders').waitFor();
		await shot(page, 'decisions');

		// ── Qualifying contracts ──
		await page.getByRole('navigation', { name: 'Trading' }).getByRole('link', { name: 'Qualifying contracts' }).click();
		await heading(page, 'Qualifying contracts');
		const stages = page.locator('[data-stage]');
		expect(await stages.evaluateAll((els) => els.map((el) => el.getAttribute('data-stage')))).toEqual(['synced', 'active', 'closingSoon', 'validPrices', 'odds', 'monitorFlag', 'depth']);
		const counts = (await stages.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))))) as number[];
		for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeLessThanOrEqual(counts[i - 1]!);
		expect(await page.locator('[data-table="samples"] [data-candidate]').count()).toBe(Math.min(counts.at(-1)!, 20));
		expect(await page.locator('[data-breakdown="odds"] li').count()).toBeGreaterThanOrEqual(4);
		expect(await page.locator('[data-breakdown="days"] li').count()).toBeGreaterThanOrEqual(3);
		await page.locator('[data-criteria]').getByText('$50').first().waitFor();
		await shot(page, 'qualifying');

		// ── Error logs (from the main navigation) ──
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Error logs/ }).click();
		await page.waitForURL((url) => url.pathname === '/logs');
		await heading(page, 'Error logs');
		const aiError = page.locator('[data-source="trader:ai"]').first();
		await aiError.waitFor();
		expect(await page.locator('body').innerText()).not.toContain(AI_KEY);
		await page.getByRole('button', { name: 'trader:', exact: true }).click();
		await page.waitForURL((url) => url.searchParams.get('source') === 'trader:');
		expect(await page.locator('[data-source]').evaluateAll((els) => els.every((el) => el.getAttribute('data-source')!.startsWith('trader:')))).toBe(true);
		if (await aiError.getByText('Context').count()) await aiError.getByText('Context').click();
		await shot(page, 'logs');

		// ── Trading settings ──
		await page.goto('/trading/settings');
		await heading(page, 'Trading settings');
		// A value past the hard limit: the API refuses it, and its error sits next to the field.
		const maxPosition = page.getByLabel('Maximum position');
		expect(await maxPosition.inputValue()).toBe('50');
		await maxPosition.fill('80');
		await page.getByRole('button', { name: 'Save trading settings' }).click();
		const fieldError = page.locator('[data-setting="maxPositionDollars"] [data-field-error]');
		await fieldError.waitFor();
		expect(await fieldError.innerText()).toMatch(/50/);
		expect(await maxPosition.getAttribute('aria-invalid')).toBe('true');
		// A valid change saves: one stop-loss in 24 hours now trips the breaker.
		await maxPosition.fill('45');
		await page.getByLabel('Stop-losses in 24 hours before pausing').fill('1');
		await page.getByRole('button', { name: 'Save trading settings' }).click();
		await page.getByRole('status').filter({ hasText: 'Saved 2 settings.' }).waitFor();
		expect(await api<{ maxStopLosses24h: number; maxPositionDollars: number }>('GET', '/api/settings')).toMatchObject({ maxStopLosses24h: 1, maxPositionDollars: 45 });

		// Live mode: the latest backtest's verdict comes first, before the phrase can be typed.
		const liveEvidence = page.locator('[data-live-evidence]');
		expect(await liveEvidence.locator('[data-field="verdict"]').innerText()).toMatch(/^Edge not demonstrated/);
		const phrase = page.getByLabel(/To switch to live trading, type/);
		expect(await liveEvidence.evaluate((el, input) => Boolean(el.compareDocumentPosition(input!) & Node.DOCUMENT_POSITION_FOLLOWING), await phrase.elementHandle())).toBe(true);
		// Then it is impossible without the phrase, and refused by the API without keys.
		const switchLive = page.getByRole('button', { name: 'Switch to live trading' });
		expect(await switchLive.isDisabled()).toBe(true);
		await phrase.fill('yes please');
		expect(await switchLive.isDisabled()).toBe(true);
		await page.getByText('Not yet: type the phrase exactly as shown.').waitFor();
		await phrase.fill('I understand real money is at risk');
		await switchLive.click();
		const refusal = page.locator('[data-refusal="no-keys"]');
		await refusal.waitFor();
		expect(await refusal.innerText()).toContain('Live trading needs Kalshi API keys');
		expect(await page.locator('[data-mode]').first().getAttribute('data-mode')).toBe('PAPER');
		expect(await api<{ mode: string; liveConfirmed: boolean }>('GET', '/api/trading/summary')).toMatchObject({ mode: 'PAPER', liveConfirmed: false });

		// Diagnostics: the Kalshi check and the migrations.
		await page.getByRole('button', { name: 'Check Kalshi' }).click();
		await page.locator('[data-kalshi="ok"]').waitFor();
		expect(await page.locator('[data-step="authentication"]').getAttribute('data-ok')).toBe('false');
		expect(await page.locator('[data-step="orderbook"]').getAttribute('data-ok')).toBe('true');
		await page.locator('[data-migrations="up-to-date"]').waitFor();
		await shot(page, 'settings');

		// ── Back on the dashboard: the scan pauses on the breaker, and Resume lifts it ──
		await page.getByRole('navigation', { name: 'Trading' }).getByRole('link', { name: 'Overview' }).click();
		await heading(page, 'Trading');
		ai.reply({ kind: 'tool', input: { selected_contracts: [], total_allocated: 0, strategy_notes: 'nothing today' } });
		await page.getByRole('button', { name: 'Run scan now' }).click();
		const result = page.locator('[data-job="daily-scan"] [data-result]');
		await result.waitFor();
		expect(await result.getAttribute('data-result')).toBe('SUCCEEDED');
		expect(await result.innerText()).toContain('paused 1');
		await page.locator('[data-breaker="paused"]').waitFor();
		expect(await page.locator('[data-field="breaker-reason"]').innerText()).toMatch(/stop-loss/i);
		await shot(page, 'breaker');
		await page.getByRole('button', { name: 'Resume trading' }).click();
		await page.locator('[data-breaker="ok"]').waitFor();

		await context.close();
		expect(pageErrors).toEqual([]);
	});
});
