import { describe, expect, it } from 'vitest';
import { NAV_GROUPS, currentSection, isActive } from './nav.ts';

const item = (href: string) => NAV_GROUPS.flatMap((g) => g.items).find((i) => i.href === href)!;

describe('navigation', () => {
	it('marks the dashboard active only on /', () => {
		expect(isActive(item('/'), '/')).toBe(true);
		expect(isActive(item('/'), '/status')).toBe(false);
	});

	it('marks a section active on its own pages', () => {
		expect(isActive(item('/settings'), '/settings')).toBe(true);
		expect(isActive(item('/settings'), '/settings/keys')).toBe(true);
		expect(isActive(item('/settings'), '/settingsx')).toBe(false);
	});

	it('never marks the external API docs link active', () => {
		expect(isActive(item('/api/docs'), '/api/docs')).toBe(false);
	});

	it('finds the current group and item', () => {
		expect(currentSection('/status')).toMatchObject({ group: { label: 'Admin' }, item: { label: 'Status' } });
		expect(currentSection('/login')).toBeNull();
	});

	it('protects trading and settings', () => {
		const protectedHrefs = NAV_GROUPS.flatMap((g) => g.items).filter((i) => i.protected).map((i) => i.href);
		expect(protectedHrefs).toEqual(['/trading', '/logs', '/settings']);
	});
});
