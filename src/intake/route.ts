import express, { type Router } from 'express';
import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { HttpError } from '../http/http-error.ts';
import { checkSignatureHeaders, verifySignature, type VerifySignatureFailure } from '../http/verify-signature.ts';
import { parseBatch } from './parse-batch.ts';
import { isOwnWrite } from './hubspot-events.ts';
import { storeBatch } from './store-batch.ts';

export type IntakeDeps = {
  db: Db;
  /** The app's client secret(s); more than one while a secret is being rotated. */
  secrets: string[];
  publicBaseUrl: string;
  appId: string | undefined;
  now: () => Date;
  log: Logger;
  metrics: Metrics;
  /** Called after a batch is stored, so an in-process worker starts at once. */
  onStored?: () => void;
  /** How long new work waits for more of its burst before a worker takes it. */
  debounceMs?: number;
};

const ONE_MIB = 1024 * 1024;

/**
 * POST /webhooks/hubspot: verify, parse, store in one transaction, then 204.
 * Everything else happens in the worker (HubSpot gives up on answers slower than 5 s).
 */
export function intakeRouter(deps: IntakeDeps): Router {
  const router = express.Router();
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
    express.raw({ type: () => true, limit: ONE_MIB }),
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
      const parsed = parseBatch(body);
      if (!parsed.success) {
        deps.metrics.webhookRequests.inc({ status: 400 });
        throw new HttpError(400, 'invalid_batch', parsed.error);
      }
      // Our own writes echo back as propertyChange events: they need no read and no write.
      const events = parsed.events.filter((e) => !isOwnWrite(e, deps.appId));
      const result = await storeBatch(deps.db, events, parsed.quarantined, deps.now(), deps.debounceMs ?? 1_000);
      const m = deps.metrics.webhookEvents;
      m.inc({ outcome: 'stored' }, result.stored);
      m.inc({ outcome: 'duplicate' }, result.duplicates);
      m.inc({ outcome: 'quarantined' }, result.quarantined);
      m.inc({ outcome: 'ignored' }, parsed.ignored);
      m.inc({ outcome: 'own_write' }, parsed.events.length - events.length);
      m.inc({ outcome: 'not_installed' }, result.notInstalled);
      if (result.notInstalled > 0)
        deps.log.info(
          { notInstalled: result.notInstalled },
          'webhook events for a portal that is not installed were dropped: HubSpot stops once the app is uninstalled',
        );
      if (result.quarantined > 0)
        deps.log.warn(
          { quarantined: result.quarantined, reason: parsed.quarantined[0]?.reason },
          'webhook events quarantined: they did not parse or could not be stored; see quarantined_events',
        );
      deps.metrics.webhookRequests.inc({ status: 204 });
      deps.metrics.webhookAckSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      res.status(204).end();
      if (result.stored > 0) setTimeout(() => deps.onStored?.(), (deps.debounceMs ?? 1_000) + 10).unref();
    },
  );
  return router;
}
