import pino from 'pino';

export type Logger = pino.Logger;

// Anything that could carry a secret is removed before a line is written.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["kalshi-access-signature"]',
  'headers["x-api-key"]',
  '*.password',
  '*.token',
  '*.privateKey',
  '*.apiKey',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'sentinel' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
