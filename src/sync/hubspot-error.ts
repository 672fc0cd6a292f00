/** A HubSpot call that did not succeed after the transport's own retries. */
export class HubSpotError extends Error {
  readonly status: number;
  /** Worth trying again later (429, 5xx, timeouts); a 400 or 403 is not. */
  readonly retryable: boolean;
  /** When the job should try again (429: the end of the rate-limit window). */
  readonly retryAt: Date | undefined;
  readonly body: unknown;
  constructor(message: string, o: { status: number; retryable: boolean; retryAt?: Date; body?: unknown }) {
    super(message);
    this.name = 'HubSpotError';
    this.status = o.status;
    this.retryable = o.retryable;
    this.retryAt = o.retryAt;
    this.body = o.body;
  }
}
