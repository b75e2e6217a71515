// Emails show times the way the web app does: US Eastern, 12-hour, with EST or EDT.
const EASTERN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZoneName: 'short',
});

/** "Nov 21, 2026, 3:05 PM EST" */
export function formatEastern(date: Date): string {
  return EASTERN.format(date);
}

const HOUR = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });

/** The hour of day (0–23) in US Eastern time. */
export function easternHour(date: Date): number {
  return Number(HOUR.format(date)) % 24;
}
