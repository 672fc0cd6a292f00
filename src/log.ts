import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON-line logger. Tokens and secrets are redacted wherever they appear under
 * these keys; contact PII is never passed to the logger in the first place.
 */
export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'journey-stages' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          '*.access_token',
          '*.refresh_token',
          '*.accessToken',
          '*.refreshToken',
          '*.authorization',
          '*.headers.authorization',
          '*.clientSecret',
          '*.client_secret',
          'accessToken',
          'refreshToken',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}
