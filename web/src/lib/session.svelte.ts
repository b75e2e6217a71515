// Whether this browser is signed in. The session itself is an httpOnly cookie the API
// sets, so the app can only ask (GET /api/auth/session) and remember the answer here.
import { createApi, toProblem, type Fetch, type Problem } from './api.ts';

export class Session {
	/** true or false once known; null before the first answer or while the API is unreachable. */
	authenticated = $state<boolean | null>(null);

	/** Asks the API; returns the answer, or null when the API could not be reached. */
	async refresh(fetch: Fetch = globalThis.fetch): Promise<boolean | null> {
		try {
			const { data } = await createApi(fetch).GET('/api/auth/session');
			this.authenticated = data?.authenticated ?? null;
		} catch {
			this.authenticated = null;
		}
		return this.authenticated;
	}

	/** Exchanges the admin token for a session cookie; returns the problem when refused. */
	async signIn(token: string, fetch: Fetch = globalThis.fetch): Promise<Problem | null> {
		try {
			const { data, error, response } = await createApi(fetch).POST('/api/auth/login', { body: { token } });
			if (data) {
				this.authenticated = data.authenticated;
				return null;
			}
			return toProblem(error, response);
		} catch (cause) {
			return toProblem(cause);
		}
	}

	/** Clears the session cookie. */
	async signOut(fetch: Fetch = globalThis.fetch): Promise<Problem | null> {
		try {
			const { data, error, response } = await createApi(fetch).POST('/api/auth/logout');
			if (data) {
				this.authenticated = data.authenticated;
				return null;
			}
			return toProblem(error, response);
		} catch (cause) {
			return toProblem(cause);
		}
	}
}

/** The app's one session (the app renders only in the browser, so a module singleton is safe). */
export const session = new Session();
