import { describe, expect, it } from 'vitest';
import { loginHref, safeRedirectTarget } from './redirect.ts';

describe('safeRedirectTarget', () => {
	it('keeps paths inside the app, with query and hash', () => {
		expect(safeRedirectTarget('/settings')).toBe('/settings');
		expect(safeRedirectTarget('/trading?market=ABC#orders')).toBe('/trading?market=ABC#orders');
	});

	it('falls back to / for anything that could leave the app', () => {
		for (const target of [
			null,
			undefined,
			'',
			'settings',
			'https://evil.example/',
			'//evil.example/x',
			'/\\evil.example',
			'javascript:alert(1)'
		]) {
			expect(safeRedirectTarget(target)).toBe('/');
		}
	});

	it('does not send people back to the login page', () => {
		expect(safeRedirectTarget('/login?redirectTo=/x')).toBe('/');
	});
});

describe('loginHref', () => {
	it('remembers where the user came from', () => {
		expect(loginHref(new URL('http://localhost/settings?tab=a'))).toBe('/login?redirectTo=%2Fsettings%3Ftab%3Da');
		expect(loginHref('/trading')).toBe('/login?redirectTo=%2Ftrading');
	});

	it('is plain /login when there is nowhere to return to', () => {
		expect(loginHref()).toBe('/login');
		expect(loginHref('/')).toBe('/login');
		expect(loginHref('https://evil.example/')).toBe('/login');
	});
});
