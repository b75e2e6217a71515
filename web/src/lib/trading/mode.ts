// Switching between paper and live trading. The API holds the rules (the phrase, Kalshi keys,
// DRY_RUN=false) and answers a refusal with a problem; this only words it for a person.
import type { Problem } from '../api.ts';

/** The phrase POST /api/trading/mode wants in `confirm` to switch to live (api/src/trader/constants.ts). */
export const LIVE_CONFIRMATION = 'I understand real money is at risk';

/** Whether what was typed is the phrase (exactly, ignoring the ends' spaces). */
export function phraseMatches(typed: string): boolean {
	return typed.trim() === LIVE_CONFIRMATION;
}

export type Refusal = 'phrase' | 'no-keys' | 'dry-run' | 'other';

/** Why the API refused a switch to live, from its problem. */
export function refusalKind(problem: Problem): Refusal {
	const text = `${problem.detail ?? ''} ${problem.title}`;
	if (problem.status === 400 && /confirm/i.test(text)) return 'phrase';
	if (problem.status === 409 && /DRY_RUN/.test(text)) return 'dry-run';
	if (problem.status === 409 && /key/i.test(text)) return 'no-keys';
	return 'other';
}

export const REFUSAL_HELP: Record<Refusal, string> = {
	phrase: 'Type the confirmation phrase exactly as shown.',
	'no-keys': 'Set KALSHI_API_KEY_ID and the private key in the server environment and restart it; until then the trader can only paper trade.',
	'dry-run': 'Set DRY_RUN=false in the server environment and restart it; until then every order is a paper order.',
	other: ''
};
