// The app's sections, in the order the navigation shows them.

export interface NavItem {
	label: string;
	href: string;
	/** Served by the API rather than this app: a full page load, not client routing. */
	external?: boolean;
	/** Needs a signed-in admin. */
	protected?: boolean;
}

export interface NavGroup {
	label: string;
	items: NavItem[];
}

export const NAV_GROUPS: NavGroup[] = [
	{
		label: 'Monitor',
		items: [
			{ label: 'Dashboard', href: '/' },
			{ label: 'Watched', href: '/watched' },
			{ label: 'Alerts', href: '/alerts' }
		]
	},
	{
		label: 'Admin',
		items: [
			{ label: 'Trading', href: '/trading', protected: true },
			{ label: 'Error logs', href: '/logs', protected: true },
			{ label: 'Settings', href: '/settings', protected: true },
			{ label: 'Status', href: '/status' }
		]
	},
	{
		label: 'Learn',
		items: [
			{ label: 'How it works', href: '/how-it-works' },
			{ label: 'Architecture', href: '/architecture' },
			{ label: 'API docs', href: '/api/docs', external: true }
		]
	}
];

/** Whether `item` is the section the current path is in. */
export function isActive(item: NavItem, pathname: string): boolean {
	if (item.external) return false;
	if (item.href === '/') return pathname === '/';
	return pathname === item.href || pathname.startsWith(`${item.href}/`);
}

/** The group and item the current path belongs to, if it is one of the sections. */
export function currentSection(pathname: string): { group: NavGroup; item: NavItem } | null {
	for (const group of NAV_GROUPS) {
		const item = group.items.find((candidate) => isActive(candidate, pathname));
		if (item) return { group, item };
	}
	return null;
}
