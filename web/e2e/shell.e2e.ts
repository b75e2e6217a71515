// The web app end to end: the real API (embedded database) serves the built SPA, and
// Chromium signs in, walks the shell, loads deep links and opens the API docs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN, startTestServer } from '../../api/test/support/app.ts';
import { parseEnv } from '../../api/src/env.ts';
import { createLogger } from '../../api/src/lib/logger.ts';
import { createServices } from '../../api/src/services.ts';

/** The services a real start builds, with Kalshi pointed at a closed loopback port: paper mode needs no exchange. */
function offlineServices() {
  const config = parseEnv({ KALSHI_API_BASE: 'http://127.0.0.1:9/trade-api/v2' }, '/tmp');
  return createServices(config, createLogger({ level: 'silent' }), TEST_ADMIN_TOKEN);
}

const WEB_BUILD = join(import.meta.dirname, '..', 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.E2E_SCREENSHOT_DIR ?? '/tmp';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

/** Errors the page threw or logged; every test expects none. */
const pageErrors: string[] = [];

async function openContext(
  viewport = { width: 1280, height: 860 },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page }> {
  // A UTC browser: the app must still show US Eastern times.
  const context = await browser.newContext({ baseURL: server.url, viewport, colorScheme, timezoneId: 'UTC' });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A 401 from a deliberately wrong token is logged by Chromium as a failed resource.
    if (message.type() === 'error' && !message.text().includes('401')) pageErrors.push(`console: ${message.text()}`);
  });
  return { context, page };
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

async function heading(page: Page, name: string) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function navigate(page: Page, link: string | RegExp, title: string, path: string) {
  await mainNav(page).getByRole('link', { name: link }).click();
  await page.waitForURL((url) => url.pathname === path);
  await heading(page, title);
  expect(await mainNav(page).locator('[aria-current="page"]').innerText()).toContain(title);
}

beforeAll(async () => {
  if (!existsSync(join(WEB_BUILD, '_app'))) {
    throw new Error(`No built web app in ${WEB_BUILD}; run \`npm run build -w @sentinel/web\` first.`);
  }
  server = await startTestServer({ webDir: WEB_BUILD, services: offlineServices() });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

// Each test answers for its own page errors only.
beforeEach(() => {
  pageErrors.length = 0;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('web app shell', () => {
  it('signs in, walks every section and shows the API health', async () => {
    const { context, page } = await openContext();

    await page.goto('/');
    await heading(page, 'Dashboard');
    // No pipeline runs in this test: the dashboard says so rather than showing an empty table.
    await page.getByText('Market data appears here once the monitor pipeline is running').waitFor();
    expect(await page.locator('[data-field="tracked"]').innerText()).toBe('0');
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'web-dashboard.png'), fullPage: true, animations: 'disabled' });

    // A protected section sends a signed-out visitor to the login page, remembering where to return.
    await mainNav(page).getByRole('link', { name: /Settings/ }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirectTo') === '/settings');
    await heading(page, 'Sign in');

    const tokenField = page.getByLabel('Admin token');
    await tokenField.fill('not-the-admin-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That is not the admin token.' }).waitFor();
    expect(page.url()).toContain('/login');

    await tokenField.fill(TEST_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/settings');
    await heading(page, 'Settings');
    expect(await page.locator('[data-field="role"]').innerText()).toBe('admin');

    const cookie = (await context.cookies()).find((c) => c.name === 'sentinel_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // Settings → Sessions lists this browser's server-side session.
    await page.locator('[data-sessions] [data-session]').first().waitFor();
    expect(await page.locator('[data-sessions]').innerText()).toContain('This browser');

    await navigate(page, /Trading/, 'Trading', '/trading');
    await page.locator('[data-field="bankroll"]').waitFor();
    await navigate(page, 'Watched', 'Watched', '/watched');
    await navigate(page, 'Alerts', 'Alerts', '/alerts');
    await navigate(page, 'How it works', 'How it works', '/how-it-works');
    await navigate(page, 'Architecture', 'Architecture', '/architecture');
    await navigate(page, 'Dashboard', 'Dashboard', '/');

    await navigate(page, 'Status', 'Status', '/status');
    const health = page.locator('[data-health="ok"]');
    await health.waitFor();
    expect(await health.locator('[data-field="database"]').innerText()).toMatch(/embedded|postgresql/);
    expect(await health.locator('[data-field="database"]').innerText()).toContain(server.deps.db.kind);
    expect(await health.locator('[data-field="version"]').innerText()).toBe(server.deps.version);
    await page.getByText(/Checked [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} (AM|PM) E[SD]T/).waitFor();
    await page.getByRole('button', { name: 'Check again' }).click();
    await health.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'web-status.png'), fullPage: true, animations: 'disabled' });

    // Signing out clears the cookie; protected pages send the visitor to sign in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect((await context.cookies()).some((c) => c.name === 'sentinel_session')).toBe(false);
    // The session ended on the server: a copy of the old cookie is refused too.
    const replay = await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: `sentinel_session=${cookie!.value}` } });
    expect(replay.status).toBe(401);
    await page.goto('/trading');
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirectTo') === '/trading');

    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('loads deep links directly from the server', async () => {
    const { context, page } = await openContext(undefined, 'dark');

    const response = await page.goto('/status');
    expect(response?.status()).toBe(200);
    await heading(page, 'Status');
    expect(await page.locator('[data-health="ok"] [data-field="version"]').innerText()).toBe(server.deps.version);
    await page.screenshot({ path: join(SCREENSHOTS, 'web-status-dark.png'), animations: 'disabled' });

    await page.goto('/architecture');
    await heading(page, 'Architecture');

    await page.goto('/no/such/page');
    await heading(page, 'Page not found');

    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('opens the API docs (Swagger UI) from the shell', async () => {
    const { context, page } = await openContext();

    await page.goto('/');
    await heading(page, 'Dashboard');
    await mainNav(page).getByRole('link', { name: /API docs/ }).click();
    await page.waitForURL((url) => url.pathname === '/api/docs');
    await page.locator('.swagger-ui').waitFor();
    await page.locator('[id$="-getHealth"]').first().waitFor();

    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('works on a phone-sized screen with the navigation drawer', async () => {
    const { context, page } = await openContext({ width: 390, height: 844 });

    await page.goto('/');
    await heading(page, 'Dashboard');
    const menu = page.getByRole('button', { name: 'Navigation', exact: true });
    expect(await mainNav(page).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await mainNav(page).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'web-mobile-nav.png'), animations: 'disabled' });

    await mainNav(page).getByRole('link', { name: 'Status' }).click();
    await heading(page, 'Status');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await page.screenshot({ path: join(SCREENSHOTS, 'web-mobile-status.png'), fullPage: true, animations: 'disabled' });

    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
