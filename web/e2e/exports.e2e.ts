// The download buttons as a user meets them: signed in, the Alerts, Trading and AI decisions
// pages offer CSV and JSON; a click downloads a file holding the rows the page shows, with a
// hostile market title defused for spreadsheets.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN, startTestServer } from '../../api/test/support/app.ts';
import { parseCsv } from '../../api/test/support/csv.ts';

const WEB_BUILD = join(import.meta.dirname, '..', 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTILE = '=HYPERLINK("http://evil.example","win"), really?';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

async function download(page: Page, name: string): Promise<{ filename: string; text: string }> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
	const path = await file.path();
	return { filename: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

beforeAll(async () => {
	if (!existsSync(join(WEB_BUILD, '_app'))) throw new Error(`No built web app in ${WEB_BUILD}; run \`npm run build -w @sentinel/web\` first.`);
	server = await startTestServer({ webDir: WEB_BUILD });
	const p = server.db.prisma;
	await p.series.create({ data: { ticker: 'KXEVIL', title: 'Evil', category: 'Politics' } });
	await p.event.create({ data: { eventTicker: 'KXEVIL-26', seriesTicker: 'KXEVIL', title: 'Evil event', category: 'Politics' } });
	await p.market.create({ data: { ticker: 'KXEVIL-26-A', eventTicker: 'KXEVIL-26', seriesTicker: 'KXEVIL', title: HOSTILE, category: 'Politics', status: 'active', closeTime: new Date('2027-12-01T00:00:00Z') } });
	await p.alert.createMany({
		data: [0, 1, 2].map((n) => ({
			ticker: 'KXEVIL-26-A', createdAt: new Date(Date.now() - (3 - n) * 3_600_000), composite: 80 + n, label: n === 1 ? ('HIGH' as const) : ('CRITICAL' as const),
			explanation: `alert ${n}`, dedupKey: `e2e-${n}`, signals: {}, baseline: {}, triggerTrades: [], rules: [{ rule: 'score', reason: 'composite above 70' }],
		})),
	});
	const decision = await p.aiDecision.create({
		data: { selector: 'rules', contractsAnalyzed: 4, contractsSelected: 1, totalAllocated: '25.000000', context: {}, rawResponse: '{}', checks: [{ check: 'budget', passed: true, reason: 'ok' }], parsed: { selected_contracts: [], total_allocated: 25, strategy_notes: 'one pick' } },
	});
	const position = (status: 'OPEN' | 'LOST', openedAt: Date) => ({
		mode: 'PAPER' as const, ticker: 'KXEVIL-26-A', seriesTicker: 'KXEVIL', category: 'Politics', title: HOSTILE, side: 'YES' as const, status, contracts: '2.00', entryPrice: '0.930000',
		cost: '1.860000', entryFees: '0.010000', aiReasoning: 'favourite', decisionId: decision.id, openedAt, ...(status === 'LOST' ? { pnl: '-1.870000', exitPrice: '0.000000', proceeds: '0.000000', closedAt: new Date() } : {}),
	});
	await p.position.createMany({ data: [position('LOST', new Date(Date.now() - 2 * 86_400_000)), position('OPEN', new Date(Date.now() - 3_600_000))] });
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

describe('export buttons', () => {
	it('download the rows each page shows, as CSV and JSON', async () => {
		const context = await browser.newContext({ baseURL: server.url, acceptDownloads: true });
		const page = await context.newPage();

		// Signed out: no buttons (exports are private), the alerts themselves are public.
		await page.goto('/alerts');
		await page.locator('[data-alert]').first().waitFor();
		expect(await page.locator('[data-export]').count()).toBe(0);

		await page.goto('/login');
		await page.getByLabel('Admin token').fill(TEST_ADMIN_TOKEN);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => url.pathname !== '/login');

		// Alerts, with the page's label filter.
		await page.goto('/alerts?label=CRITICAL');
		await page.locator('[data-alert]').first().waitFor();
		const shown = await page.locator('[data-alert]').evaluateAll((items) => items.map((item) => item.getAttribute('data-alert')));
		expect(shown).toHaveLength(2);
		const alerts = await download(page, 'Download alerts as CSV');
		expect(alerts.filename).toMatch(/^sentinel-alerts-\d{4}-\d{2}-\d{2}\.csv$/);
		const [header, ...rows] = parseCsv(alerts.text);
		const col = (name: string) => header!.indexOf(name);
		expect(rows.map((r) => r[col('id')]).sort()).toEqual([...shown].sort());
		expect(rows.every((r) => r[col('title')] === `'${HOSTILE}`)).toBe(true);
		const json = await download(page, 'Download alerts as JSON');
		expect((JSON.parse(json.text) as { id: string }[]).map((a) => a.id).sort()).toEqual([...shown].sort());

		// Trading: the open positions (the card's rows) and every trade.
		await page.goto('/trading');
		await page.getByRole('group', { name: 'Download open positions' }).waitFor();
		const open = parseCsv((await download(page, 'Download open positions as CSV')).text);
		expect(open).toHaveLength(2);
		expect(open[1]![open[0]!.indexOf('status')]).toBe('OPEN');
		const all = parseCsv((await download(page, 'Download all trades as CSV')).text);
		expect(all.slice(1).map((r) => r[all[0]!.indexOf('status')])).toEqual(['LOST', 'OPEN']);
		expect(all[1]![all[0]!.indexOf('pnl')]).toBe('-1.87');

		// AI decisions.
		await page.goto('/trading/decisions');
		const decisions = parseCsv((await download(page, 'Download AI decisions as CSV')).text);
		expect(decisions).toHaveLength(2);
		expect(decisions[1]![decisions[0]!.indexOf('totalAllocated')]).toBe('25.00');
		await context.close();
	});
});
