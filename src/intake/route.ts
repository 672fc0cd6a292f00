import express, { type Router } from 'express';
import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { HttpError } from '../http/http-error.ts';
import { checkSignatureHeaders, verifySignature, type VerifySignatureFailure } from '../http/verify-signature.ts';
import { inboxWriter } from './inbox-writer.ts';
import { rawBody } from '../http/raw-body.ts';

export type IntakeDeps = {
  db: Db;
  /** The app's client secret(s); more than one while a secret is being rotated. */
  secrets: string[];
  publicBaseUrl: string;
  now: () => Date;
  log: Logger;
  metrics: Metrics;
  /** Called after a request is stored, so an in-process worker expands it at once. */
  onStored?: () => void;
};

/**
 * POST /webhooks/hubspot: verify the signature, check the body is a JSON array, store it as
 * received (the inbox, one small insert), then 204. Everything else happens in the worker:
 * parsing and storing the events (expand-inbox.ts), then the objects' jobs. HubSpot gives up
 * on answers slower than 5 s and sends up to ten requests at once; the answer's cost does not
 * grow with what the events hold, and the card's GETs on the same process are not held up.
 */
export function intakeRouter(deps: IntakeDeps): Router {
  const router = express.Router();
  const storeInbox = inboxWriter(deps.db);
  const refuse = (reason: VerifySignatureFailure): HttpError => {
    deps.metrics.webhookRequests.inc({ status: 401 });
    deps.log.warn(
      { reason },
      reason === 'mismatch'
        ? "webhook signature mismatch: is PUBLIC_BASE_URL the URL HubSpot calls, and HUBSPOT_CLIENT_SECRET the app's secret?"
        : 'webhook rejected: missing or stale v3 signature',
    );
    return new HttpError(401, 'invalid_signature', `signature check failed: ${reason}`);
  };
  router.post(
    '/webhooks/hubspot',
    // Headers that already fail are refused before the body is read (up to 1 MiB an attacker
    // would otherwise make us buffer and hash); the connection closes instead of draining it.
    (req, res, next) => {
      const headers = checkSignatureHeaders({
        timestamp: req.get('x-hubspot-request-timestamp'),
        signature: req.get('x-hubspot-signature-v3'),
        now: deps.now(),
      });
      if (headers.ok) return next();
      res.set('connection', 'close');
      throw refuse(headers.reason);
    },
    ...rawBody(),
    async (req, res) => {
      const started = process.hrtime.bigint();
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verdict = verifySignature({
        secrets: deps.secrets,
        method: req.method,
        uri: deps.publicBaseUrl + req.originalUrl,
        rawBody,
        timestamp: req.get('x-hubspot-request-timestamp'),
        signature: req.get('x-hubspot-signature-v3'),
        now: deps.now(),
      });
      if (!verdict.ok) throw refuse(verdict.reason);
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        deps.metrics.webhookRequests.inc({ status: 400 });
        throw new HttpError(400, 'invalid_json', 'body is not JSON: HubSpot sends a JSON array of events');
      }
      if (!Array.isArray(body)) {
        deps.metrics.webhookRequests.inc({ status: 400 });
        throw new HttpError(400, 'invalid_batch', 'webhook body: expected a JSON array of events');
      }
      const stored = await storeInbox(body, deps.now());
      deps.metrics.webhookRequests.inc({ status: 204 });
      deps.metrics.webhookAckSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      res.status(204).end();
      if (stored > 0) deps.onStored?.();
    },
  );
  return router;
}
