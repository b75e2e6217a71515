import pino from 'pino';
import { redactSecrets } from './redact.ts';

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

/**
 * `secrets` is read on every line (the array may be filled after the logger is made): each line
 * passes through the one redaction function, so error texts from outside never carry a key.
 */
export function createLogger(options: { level: string; destination?: pino.DestinationStream; secrets?: readonly string[] }): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
      level: options.level,
      base: { service: 'sentinel' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
