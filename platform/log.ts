import { pino, type Logger } from 'pino'

export type { Logger }

export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: undefined,
    // Secrets and personal data never reach the log even if a caller passes them by mistake.
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'phone', '*.phone', 'idNumber', '*.idNumber', 'text', '*.text', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  })
}
