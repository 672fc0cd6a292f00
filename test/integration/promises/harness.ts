import { createTestDb, type DbKind, type TestDb } from '../../helpers/test-db.ts';
import { startTestService, TEST_APP_ID, TEST_SECRET, type TestService } from '../../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../../helpers/fake-hubspot-server.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { trackOpen } from '../../helpers/open-resources.ts';
import { createWebhookSender, declaredSubscriptions, type WebhookSender } from '../../../src/sandbox/webhook-sender.ts';
import type { WebhookEvent } from '../../../src/sandbox/fake-hubspot/webhook-events.ts';
import { staticTokens } from '../../../src/sync/token-provider.ts';
import { provisionProperties } from '../../../src/sync/provision-properties.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import type { ServiceDeps } from '../../../src/start-service.ts';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const PORTAL = '62515';
export const DAY = 86_400_000;

/**
 * Our own stage properties as webhook subscriptions. The app does not declare them, so HubSpot
 * would not send our echoes today; a portal (or a later declaration) that subscribes to them
 * gets every write of ours back as changeSource INTEGRATION / sourceId = our app id, and that is
 * the case echo suppression exists for.
 */
export const OWN_PROPERTY_SUBSCRIPTIONS = ['journey_stage', 'journey_stage_entered_at'].map((propertyName) => ({
  subscriptionType: 'object.propertyChange',
  objectType: 'contact',
  propertyName,
}));

export type Harness = {
  t: TestDb;
  fake: RunningFake;
  svc: TestService;
  /** The clock the service, the stand-in and the webhook sender share. */
  now: () => Date;
  /** Moves the shared clock forward and wakes the worker. */
  advance(ms: number): void;
  /** Every event the stand-in emitted (before subscription filtering), in order. */
  emitted: WebhookEvent[];
  /** `METHOD path` of the HubSpot calls answered since `mark` (an index into fake.calls). */
  callsSince(mark: number): string[];
  /** Waits until no webhook is in flight and no job is running or due within the debounce window. */
  settle(): Promise<void>;
  /** Stops the service (its worker drained) and the webhook sender; the stand-in and the database stay. */
  stopService(): Promise<void>;
  /** Starts a new service on the same database after stopService(): a restart. */
  restart(options?: Pick<ServiceDeps, 'handlers'>): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The whole product on one database kind: the HubSpot stand-in on loopback, the real service
 * (web and worker) on loopback, and the stand-in's webhooks delivered to it signed as HubSpot
 * signs them. Our properties are provisioned and the call log is empty when it returns.
 */
export async function startHarness(
  kind: DbKind,
  options: {
    echoOwnWrites?: boolean;
    handlers?: ServiceDeps['handlers'];
    /** Records to create in the stand-in before any webhook is listened to (they send none). */
    seed?: (fake: RunningFake) => void;
    /**
     * Answers some HubSpot calls instead of the stand-in (a portal's validation rule, say):
     * return an answer, or undefined to let the stand-in answer.
     */
    intercept?: Intercept;
    /** The scopes the service's token was granted; default none listed (a private app's token, allowed everything). */
    tokenScopes?: readonly string[];
  } = {},
): Promise<Harness> {
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const t = await createTestDb(kind);
  const fake = await startFakeHubSpot({
    portalIds: [PORTAL],
    webhookFormat: 'generic',
    appId: Number(TEST_APP_ID),
    now,
  });
  const token = fake.state.issueStaticToken(PORTAL, undefined, options.tokenScopes);
  options.seed?.(fake);
  const front = options.intercept ? await startFront(fake.url, options.intercept) : undefined;
  const start = (handlers?: ServiceDeps['handlers']) =>
    startTestService(t, {
      role: 'all',
      // The promises here are about webhooks and backfills, whose calls they count, and the clock
      // jumps by hours: reconciliation sweeps (test/integration/reconcile-sweep.test.ts) stay a day away.
      env: { HUBSPOT_API_BASE: front?.url ?? fake.url, RECONCILE_INTERVAL_MS: '86400000' },
      tokens: staticTokens({ [PORTAL]: token }),
      now,
      ...(handlers ? { handlers } : {}),
    });
  let svc = await start(options.handlers);
  let sender: WebhookSender = newSender(svc);
  function newSender(s: TestService): WebhookSender {
    return createWebhookSender({
      targetUrl: `${s.url}/webhooks/hubspot`,
      signedUrl: `${s.config.publicBaseUrl}/webhooks/hubspot`,
      secret: TEST_SECRET,
      subscriptions: [...declaredSubscriptions(), ...(options.echoOwnWrites ? OWN_PROPERTY_SUBSCRIPTIONS : [])],
      log: s.sync.log,
      now,
    });
  }
  const emitted: WebhookEvent[] = [];
  let generation = 0;
  fake.state.onEvents((events) => {
    generation += 1;
    emitted.push(...events);
    sender.send(events);
  });
  await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
  fake.calls.length = 0;

  const harness: Harness = {
    t,
    fake,
    get svc() {
      return svc;
    },
    now,
    emitted,
    advance(ms) {
      offset += ms;
      svc.worker?.wake();
    },
    callsSince: (mark) => fake.calls.slice(mark).map((c) => `${c.method} ${c.path}`),
    async settle() {
      // Quiet means: nothing the stand-in emitted is undelivered, and no job runs or is due
      // soon, with no emission in between (an emission restarts the check).
      await waitFor(
        async () => {
          const before = generation;
          await sender.idle();
          const r = await svc.db.query<{ n: number }>(
            `select count(*)::int as n from jobs where state = 'running' or (state = 'pending' and run_at <= $1)`,
            [new Date(now().getTime() + 5_000).toISOString()],
          );
          return r.rows[0]!.n === 0 && generation === before;
        },
        { what: 'an idle queue and no webhook in flight', timeout: 60_000 },
      );
    },
    async stopService() {
      await sender.stop();
      await svc.stop();
    },
    async restart(restartOptions = {}) {
      svc = await start(restartOptions.handlers);
      sender = newSender(svc);
    },
    async stop() {
      await sender.stop();
      await svc.stop();
      await front?.close();
      await fake.close();
      await t.drop();
    },
  };
  return harness;
}

/** The journey_stage values the stand-in holds. */
export const stageOf = (h: Harness, id: string) => h.fake.state.getContact(PORTAL, id)?.properties.journey_stage;

export const isUpdate = (call: string) => call.endsWith('/contacts/batch/update');
export const isRead = (call: string) => !isUpdate(call);

export type Intercept = (call: {
  method: string;
  path: string;
  body: unknown;
}) => { status: number; body: unknown } | undefined;

/** A loopback HTTP front for the stand-in: answers what `intercept` takes, forwards the rest unchanged. */
async function startFront(target: string, intercept: Intercept): Promise<{ url: string; close(): Promise<void> }> {
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await read(req);
      const path = (req.url ?? '/').split('?')[0]!;
      let body: unknown;
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      const answer = intercept({ method: req.method ?? 'GET', path, body });
      if (answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept'])
        if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      const forwarded = await fetch(target + (req.url ?? '/'), {
        method: req.method,
        headers,
        ...(raw.length > 0 ? { body: raw } : {}),
      });
      const out: Record<string, string> = {};
      forwarded.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
          out[name] = value;
      });
      res.writeHead(forwarded.status, out).end(Buffer.from(await forwarded.arrayBuffer()));
    })().catch((err: unknown) => res.writeHead(502).end(String(err)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = trackOpen('server', `HubSpot front ${url} (promises harness)`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          closed();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
