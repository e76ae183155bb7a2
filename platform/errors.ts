/**
 * Errors as values with a code: services throw AppError, one middleware turns it into the
 * contract's error shape, and the bot turns it into a polite reply.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(code, 400, message, details)
export const unauthorized = (message = 'Please log in.') => new AppError('unauthorized', 401, message)
export const forbidden = (message = 'Your role may not do this.') => new AppError('forbidden', 403, message)
export const notFound = (code: string, message: string) => new AppError(code, 404, message)
export const conflict = (code: string, message: string) => new AppError(code, 409, message)
export const gone = (code: string, message: string) => new AppError(code, 410, message)
export const ruleNotMet = (code: string, message: string, details?: unknown) => new AppError(code, 422, message, details)
export const tooManyRequests = (message = 'Too many requests, please wait a moment.') => new AppError('too_many_requests', 429, message)

/** MongoDB's duplicate-key error (also what FerretDB answers for a unique index violation). */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000
}
