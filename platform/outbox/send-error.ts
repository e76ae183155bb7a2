/**
 * How a channel says a send failed, so the outbox knows whether to try again.
 * transient: try again later with back-off (network, busy, rate limited);
 * permanent: never (customer gone, window closed, session ended, not allowed).
 */
export class SendError extends Error {
  constructor(
    readonly kind: 'transient' | 'permanent',
    readonly reason: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'SendError'
  }
}
