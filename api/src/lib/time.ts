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
