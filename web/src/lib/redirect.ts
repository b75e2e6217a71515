// Where to send someone after they sign in. Only paths inside this app are accepted, so a
// crafted link cannot bounce a freshly signed-in admin to another site.

export const REDIRECT_PARAM = 'redirectTo';
const FALLBACK = '/';

/** A same-origin path (with its query and hash) or "/" when `target` is missing or unsafe. */
export function safeRedirectTarget(target: string | null | undefined): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
		return FALLBACK;
	}
	try {
		const base = 'http://sentinel.invalid';
		const url = new URL(target, base);
		if (url.origin !== base) return FALLBACK;
		if (url.pathname === '/login') return FALLBACK;
		return `${url.pathname}${url.search}${url.hash}`;
	} catch {
		return FALLBACK;
	}
}

type PageLocation = Pick<URL, 'pathname' | 'search' | 'hash'>;

/** The login page's address, remembering `from` (the page that needed a session). */
export function loginHref(from?: PageLocation | string): string {
	const target =
		from === undefined ? FALLBACK : typeof from === 'string' ? from : `${from.pathname}${from.search}${from.hash}`;
	const safe = safeRedirectTarget(target);
	return safe === FALLBACK ? '/login' : `/login?${new URLSearchParams({ [REDIRECT_PARAM]: safe })}`;
}
