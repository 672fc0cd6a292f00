/**
 * What one process's HTTP server accepts from a client, before any signature is checked: a
 * client without the secret can still open connections, send headers and a body, so each of
 * these is bounded (docs/limits.md lists them).
 */
export const HTTP_LIMITS = {
  /** Request bodies (webhooks, signed API calls); docs/limits.md: 413 over 1 MiB. */
  maxBodyBytes: 1024 * 1024,
  /** The request line and headers must arrive within this. */
  headersTimeoutMs: 5_000,
  /**
   * The whole request, body included, must arrive within this, else 408 and the connection
   * closes. HubSpot gives up on a webhook answer after 5 s, so a slower upload is lost anyway.
   */
  requestTimeoutMs: 5_000,
  /** How often Node checks the two timeouts above (its default, 30 s, would let them slip). */
  timeoutCheckMs: 500,
  /** An idle keep-alive connection closes after this. */
  keepAliveTimeoutMs: 5_000,
  /** Open connections per process; further ones are closed as they arrive. */
  maxConnections: 1_000,
} as const;
