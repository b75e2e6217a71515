// Load-function dependency keys for the trading pages: `invalidate(KEY)` reloads them after an
// action (a job run, a resume, a mode switch, saved settings).
export const TRADING_DEPENDENCY = 'sentinel:trading';
export const TRADING_SETTINGS_DEPENDENCY = 'sentinel:trading-settings';
export const ERROR_LOGS_DEPENDENCY = 'sentinel:error-logs';
