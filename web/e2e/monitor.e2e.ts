// The monitor end to end: the local exchange, the real API serving the built SPA, and the
// monitor pipeline run against the exchange (as api/test/monitor/pipeline.test.ts runs it) on
// the API's event bus. A whale trade is injected while the dashboard is open; Chromium then
// follows it from the dashboard to the market's breakdown, the alert, the watchlist, the
// model documentation and Settings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSettings } from '../../api/src/settings/settings.queries.ts';
import { TEST_ADMIN_TOKEN } from '../../api/test/support/app.ts';
import { type MonitorEnv, startMonitorEnv } from './support/monitor-env.ts';

const WEB_BUILD = join(import.meta.dirname, '..', 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.E2E_SCREENSHOT_DIR ?? '/tmp';
const EASTERN_TIME = /\d{1,2}:\d{2} (AM|PM) E[SD]T/;

let env: MonitorEnv;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The market the whale went into. */
let ticker: string;
const pageErrors: string[] = [];

async function heading(name: string | RegExp) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function shot(name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `web-monitor-${name}.png`), fullPage: true, animations: 'disabled' });
}

beforeAll(async () => {
  if (!existsSync(join(WEB_BUILD, '_app'))) {
    throw new Error(`No built web app in ${WEB_BUILD}; run \`npm run build -w @sentinel/web\` first.`);
  }
  env = await startMonitorEnv({ webDir: WEB_BUILD, markets: 300, seed: 11 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ baseURL: env.url, viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The deliberately invalid settings (400) are logged by Chromium as a failed resource.
    if (message.type() === 'error' && !message.text().includes('status of 400')) pageErrors.push(`console: ${message.text()}`);
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('monitor in the browser', () => {
  it('shows the whale live on the dashboard as High or Critical', async () => {
    // An hour of five-minute cycles builds book history, then the baselines job runs.
    await env.run('monitor-cycle');
    for (let i = 0; i < 13; i++) {
      await env.advance(300);
      await env.run('monitor-cycle');
    }
    await env.run('baselines');
    ticker = await env.pickWhaleMarket();

    // The dashboard is open and live before the whale trades.
    await page.goto('/');
    await heading('Dashboard');
    await page.locator('[data-live="live"]').waitFor();
    expect(await page.locator('[data-field="tracked"]').innerText()).toMatch(/^\d[\d,]*$/);

    await env.injectWhale(ticker);
    await env.advance(60);
    const counts = await env.run('monitor-cycle');
    expect(counts.alertsCreated).toBeGreaterThanOrEqual(1);

    // Without reloading: the live stream brings the row in, with a toast for the alert.
    const row = page.locator(`tr[data-ticker="${ticker}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-label]').getAttribute('data-label')).toMatch(/^(HIGH|CRITICAL)$/);
    expect(Number(await row.locator('[data-field="composite"]').innerText())).toBeGreaterThanOrEqual(55);
    expect(await row.innerText()).toMatch(EASTERN_TIME);
    await page.locator(`[data-toast="${ticker}"]`).waitFor({ timeout: 15_000 });
    await shot('dashboard');

    // Filters narrow the list (and live in the address).
    await page.getByRole('combobox', { name: 'Label' }).selectOption('CRITICAL');
    await page.waitForURL((url) => url.searchParams.get('label') === 'CRITICAL');
    const label = await env.db.prisma.market.findUniqueOrThrow({ where: { ticker } }).then((m) => m.latestLabel);
    if (label === 'CRITICAL') await row.waitFor();
    else await page.getByText('No markets match').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await row.waitFor();
  });

  it('explains the market: breakdown led by trade size, explanation, trades, book, history', async () => {
    await page.locator(`tr[data-ticker="${ticker}"] a`).first().click();
    await page.waitForURL((url) => url.pathname === `/markets/${ticker}`);
    await page.locator('[data-field="explanation"]').waitFor();

    const signals = await page.locator('[data-signal]').evaluateAll((els) => els.map((el) => el.getAttribute('data-signal')));
    expect(signals).toHaveLength(6);
    expect(signals.slice(0, 2)).toContain('tradeSize');
    const tradeSize = page.locator('[data-signal="tradeSize"]');
    expect(Number(await tradeSize.locator('[data-field="score"]').innerText())).toBeGreaterThanOrEqual(60);
    expect(await tradeSize.innerText()).toContain('30% weight');
    await tradeSize.getByText('Facts behind the score').click();
    await tradeSize.getByText('Largest order', { exact: true }).waitFor();

    const explanation = await page.locator('[data-field="explanation"]').innerText();
    expect(explanation).toMatch(/[\d,]+-contract (YES|NO) trade/);
    expect(explanation.toLowerCase()).toContain('trade size');

    // Two days of history: the market is still warming up, and its page says so.
    await page.getByTestId('warming-up').waitFor();
    await page.getByRole('heading', { name: 'Recent trades' }).waitFor();
    await page.getByRole('heading', { name: 'Order book' }).waitFor();
    await page.getByText('YES bids').waitFor();
    await page.getByRole('img', { name: /Composite score over time/ }).waitFor();
    await page.getByRole('heading', { name: 'Alert history' }).waitFor();
    expect(await page.locator(`[data-alert]`).count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole('link', { name: /View on Kalshi/ }).getAttribute('href')).toMatch(/^https:\/\/kalshi\.com\/markets\//);
    await shot('market');
  });

  it('lists the alert on the Alerts page with its details', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await heading('Alerts');
    const alert = page.locator(`[data-alert][data-ticker="${ticker}"]`).first();
    await alert.waitFor();
    await alert.getByText('Signals and trigger trades').click();
    await alert.getByRole('heading', { name: 'Trigger trades' }).waitFor();
    expect(await alert.innerText()).toMatch(EASTERN_TIME);
    await shot('alerts');
    await alert.getByRole('link', { name: new RegExp(ticker) }).click();
    await page.waitForURL((url) => url.pathname === `/markets/${ticker}`);
  });

  it('watches the market once signed in and shows it on Watched', async () => {
    await page.goto('/watched');
    await page.getByText('Sign in to see your watchlist').waitFor();
    await page.goto(`/login?redirectTo=${encodeURIComponent(`/markets/${ticker}`)}`);
    await page.getByLabel('Admin token').fill(TEST_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === `/markets/${ticker}`);

    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await page.getByRole('button', { name: 'Unwatch' }).waitFor();
    await page.getByText('Added to your watchlist.').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Watched' }).click();
    await heading('Watched');
    await page.locator(`tr[data-ticker="${ticker}"]`).waitFor();
    expect(await page.locator('tr[data-ticker]').count()).toBe(1);
    await shot('watched');

    // The dashboard's watched-only filter shows it too.
    await page.goto('/?watched=1');
    await page.locator(`tr[data-ticker="${ticker}"]`).waitFor();
  });

  it('documents the model from the API', async () => {
    await page.goto('/about');
    await page.waitForURL((url) => url.pathname === '/how-it-works');
    await heading('How it works');
    const weights = await page
      .locator('[data-testid="weights"] tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.querySelector('[data-field="weight"]')?.textContent?.trim()));
    expect(weights).toEqual(['30%', '25%', '20%', '15%', '5%', '5%']);
    const model = (await (await fetch(`${env.url}/api/monitor/model`)).json()) as { scoring: { gate: { cap: number } } };
    await page.getByRole('heading', { name: 'The confirmation gate' }).waitFor();
    expect(await page.locator('[data-param="cap"]').first().innerText()).toContain(String(model.scoring.gate.cap));
    await page.getByRole('heading', { name: 'Warming up' }).waitFor();
    await page.getByRole('heading', { name: 'Score ramps' }).waitFor();
    await shot('how-it-works');
  });

  it('saves settings, shows a field error for a bad email, and runs jobs', async () => {
    await page.goto('/settings');
    await heading('Settings');

    const threshold = page.getByLabel('Alert threshold');
    await threshold.fill('62');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').first().waitFor();
    expect((await getSettings(env.db.prisma)).alertThreshold).toBe(62);

    await page.getByLabel('Alert emails').fill('ops@example.com, not-an-email');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const fieldError = page.locator('[data-field-error$="-emails"]');
    await fieldError.waitFor();
    expect(await fieldError.innerText()).toContain('not-an-email');
    expect(await page.getByLabel('Alert emails').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Nothing was saved').waitFor();

    // The test email goes through the outbox (no email provider here, so it stays queued).
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.locator('[data-test-email]').waitFor();
    expect(await page.locator('[data-test-email]').innerText()).toContain('ops@example.com');

    // Jobs: the last cycle with its counts, and a run on request.
    const cycle = page.locator('tr[data-job="monitor-cycle"]');
    await cycle.waitFor();
    expect(await cycle.innerText()).toMatch(/Succeeded/);
    const retention = page.locator('tr[data-job="retention"]');
    await retention.getByRole('button', { name: /Run retention now/ }).click();
    await retention.getByRole('status').filter({ hasText: 'Succeeded' }).waitFor();

    // Outbox: the alert email, previewed in a sandboxed frame.
    const alertEmail = page.locator('tr[data-kind="alert"]').first();
    await alertEmail.waitFor();
    await alertEmail.getByRole('button', { name: 'Preview' }).click();
    const frame = page.locator('iframe[sandbox=""]');
    await frame.waitFor();
    expect(await frame.getAttribute('srcdoc')).toContain(ticker);
    await page.frameLocator('iframe[sandbox=""]').getByText(ticker).first().waitFor();
    await shot('settings');

    expect(pageErrors).toEqual([]);
  });
});
