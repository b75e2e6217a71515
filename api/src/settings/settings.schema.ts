// Every user-adjustable setting, its default and its bounds, in one place. Stored as
// key-value rows; a missing row means the default. The API validates with these schemas.
import { z } from '@hono/zod-openapi';
import { LOOSER_THAN_SPEC_CONFIRMATION } from '../trader/constants.ts';
import { TRADER_DEFAULT_SETTINGS, TRADER_SETTING_FIELDS } from '../trader/settings-fields.ts';

const emailList = z
  .string()
  .max(2000)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.email('must be comma-separated email addresses')).max(50));

const fields = {
  // ── Monitor ──
  alertEmails: z.array(z.email('must be an email address')).max(50).openapi({ description: 'Who receives alert emails and the daily recap' }),
  alertThreshold: z.number().min(0).max(100).openapi({ description: "Alert when a market's composite score reaches this" }),
  dailyRecapEnabled: z.boolean().openapi({ description: 'Email the top alerts of the past 24 hours at 8 pm US Eastern' }),
  webhookUrl: z.union([z.url(), z.literal('')]).openapi({ description: 'Optional Slack or Discord compatible webhook for alerts ("" for none)' }),
  minVolume: z.number().min(0).openapi({ description: 'Contracts traded (lifetime) for a market to be monitored' }),
  minOpenInterest: z.number().min(0).openapi({ description: 'Open interest (contracts) for a market to be monitored' }),
  excludedCategories: z
    .array(z.string().min(1).max(64))
    .max(100)
    .openapi({ description: 'Categories the monitor skips (Sports by default: its volume dwarfs everything else)' }),
  // ── Alert rules (beside the threshold): see monitor/alerts/alert-rules.ts ──
  whaleRuleEnabled: z.boolean().openapi({ description: 'Alert on a whale whatever the composite: one order (or net one-sided flow) of at least whaleMinDollars and whaleP99Multiple× the market\'s 99th-percentile order' }),
  whaleMinDollars: z.number().min(0).max(10_000_000).openapi({ description: 'The whale rule\'s minimum notional in dollars (contracts × price paid)' }),
  whaleP99Multiple: z.number().min(1).max(1000).openapi({ description: 'The whale rule\'s minimum size as a multiple of the market\'s 99th-percentile order' }),
  signalRuleSurprise: z
    .number()
    .min(0)
    .max(30)
    .openapi({ description: 'Alert on any one signal alone when what it saw is this rare for the market: 1 in 10^N windows (0 turns the rule off)' }),
  alertCooldownMinutes: z
    .number()
    .int()
    .min(0)
    .max(10_080)
    .openapi({ description: 'After an alert, no other alert for the same market for this many minutes unless its score rises 15 points' }),
  dailyAlertBudget: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .openapi({ description: 'At most this many alerts per US Eastern day, strongest first (0 for no limit)' }),
  alertCategories: z
    .array(z.string().min(1).max(64))
    .max(100)
    .openapi({ description: 'Alert only on markets in these categories (empty for every monitored category)' }),
  alertWatchedOnly: z.boolean().openapi({ description: 'Alert only on markets on the watchlist' }),
  silenceDismissed: z.boolean().openapi({ description: 'No alerts for markets you dismissed' }),
  ...TRADER_SETTING_FIELDS,
};

export const SettingsSchema = z.object(fields).openapi('Settings');
export type Settings = z.output<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  alertEmails: [],
  alertThreshold: 70,
  dailyRecapEnabled: true,
  webhookUrl: '',
  minVolume: 1000,
  minOpenInterest: 500,
  excludedCategories: ['Sports'],
  whaleRuleEnabled: true,
  whaleMinDollars: 25_000,
  whaleP99Multiple: 10,
  signalRuleSurprise: 6,
  alertCooldownMinutes: 240,
  dailyAlertBudget: 50,
  alertCategories: [],
  alertWatchedOnly: false,
  silenceDismissed: true,
  ...TRADER_DEFAULT_SETTINGS,
};

/**
 * Orderings across settings: `lower` may not exceed `upper` (with `strict`, must stay below it).
 * The stop-loss must sit below the lowest price the trader buys at, or every new position would
 * be sold at the first check.
 */
const ORDERINGS: { lower: keyof Settings; upper: keyof Settings; strict: boolean }[] = [
  { lower: 'minYesPrice', upper: 'maxYesPrice', strict: false },
  { lower: 'minPositionDollars', upper: 'maxPositionDollars', strict: false },
  { lower: 'stopLossPrice', upper: 'minYesPrice', strict: true },
];

/**
 * Rules across fields, checked on the settings as they would be after a change (a PUT may send
 * one side of a pair only). Each conflict names the field the change made wrong: the one it
 * sent, or the upper one when it sent both.
 */
export function settingsConflicts(after: Settings, changed: Partial<Settings>): { path: string; message: string }[] {
  const conflicts: { path: string; message: string }[] = [];
  for (const { lower, upper, strict } of ORDERINGS) {
    const lo = after[lower] as number;
    const hi = after[upper] as number;
    if (strict ? lo < hi : lo <= hi) continue;
    const blameUpper = upper in changed || !(lower in changed);
    // `json.` as the request validator names body fields.
    conflicts.push(
      blameUpper
        ? { path: `json.${upper}`, message: `must be ${strict ? 'above' : 'at least'} ${lower} (${lo})` }
        : { path: `json.${lower}`, message: `must be ${strict ? 'below' : 'at most'} ${upper} (${hi})` },
    );
  }
  return conflicts;
}

/** PUT /api/settings: any subset; emails may also be one comma-separated string. */
export const SettingsUpdateSchema = z
  .object({
    ...fields,
    alertEmails: z.union([fields.alertEmails, emailList]),
    confirmLooserThanSpec: z
      .string()
      .max(200)
      .openapi({ description: `A change that sets a trader limit looser than the spec's is refused (409) unless this is "${LOOSER_THAN_SPEC_CONFIRMATION}"` }),
  })
  .partial()
  .strict()
  .openapi('SettingsUpdate');
