import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import express from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intakeRouter } from '../../../src/intake/route.ts';
import { errorHandler } from '../../../src/http/http-error.ts';
import { serve, type RunningServer } from '../../../src/http/listening.ts';
import { createMetrics, type Metrics } from '../../../src/metrics.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { signHubSpotV3 } from '../../helpers/sign-hubspot-v3.ts';
import { contactCreation } from '../../helpers/webhook-events.ts';

/*
 * POST /webhooks/hubspot as HubSpot calls it: real HTTP on loopback, real v3 signatures, the
 * route alone in an app with the edge's error handler, on one PGlite database for the file
 * (the integration tests run the whole service on both databases).
 */

const SECRET = 'route-test-secret';
const PUBLIC_BASE_URL = 'https://journey.example.com';
const NOW = new Date('2026-12-07T04:00:00.000Z');
const PATH = '/webhooks/hubspot';

type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

/** Sends `body` (all of it, or only `sendOnly` of it while announcing the whole) and reads the answer. */
function post(url: string, body: string, headers: Record<string, string>, sendOnly?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${PATH}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        req.destroy();
      });
    });
    req.on('error', reject);
    if (sendOnly === undefined) req.end(body);
    else req.write(sendOnly);
  });
}

const signed = (body: string, over: { secret?: string; uri?: string; timestamp?: number } = {}) =>
  signHubSpotV3({
    secret: over.secret ?? SECRET,
    method: 'POST',
    uri: over.uri ?? `${PUBLIC_BASE_URL}${PATH}`,
    body,
    timestamp: over.timestamp ?? NOW.getTime(),
  });

describe('POST /webhooks/hubspot (the route, on PGlite)', () => {
  let t: TestDb;
  let server: RunningServer;
  let metrics: Metrics;
  let logLines: () => string[];
  let wakeUps: number;

  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;
  const metricsText = () => metrics.registry.metrics();
  const logged = () => logLines().map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string });

  async function start(options: { onStored?: boolean } = {}): Promise<void> {
    metrics = createMetrics();
    const captured = captureLog();
    logLines = captured.lines;
    wakeUps = 0;
    const app = express();
    app.use(
      intakeRouter({
        db: t.db,
        secrets: [SECRET],
        publicBaseUrl: PUBLIC_BASE_URL,
        now: () => NOW,
        log: captured.log,
        metrics,
        ...(options.onStored === false ? {} : { onStored: () => void (wakeUps += 1) }),
      }),
    );
    app.use(errorHandler(captured.log));
    server = await serve(app, 0, 'the route test', 0);
  }

  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.query('delete from webhook_inbox');
    await t.db.query('delete from jobs');
  });
  afterEach(async () => {
    await server.close();
  });

  it('a signed array of events answers 204, stores it as received with its job, and wakes the worker once', async () => {
    await start();
    const body = JSON.stringify([contactCreation(11), contactCreation(12)]);
    const before = process.hrtime.bigint();
    const res = await post(server.url, body, signed(body));
    const elapsedSeconds = Number(process.hrtime.bigint() - before) / 1e9;
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    const rows = await t.db.query<{ portal_id: string; events: string; received_at: Date | string }>(
      'select portal_id, events, received_at from webhook_inbox',
    );
    expect(rows.rows.map((r) => [r.portal_id, JSON.parse(r.events), new Date(r.received_at).toISOString()])).toEqual([
      ['62515', JSON.parse(body), NOW.toISOString()],
    ]);
    expect(await count('jobs')).toBe(1);
    expect(wakeUps).toBe(1);
    const text = await metricsText();
    expect(text).toMatch(/journey_webhook_requests_total\{status="204"\} 1\n/);
    expect(text).toMatch(/journey_webhook_ack_seconds_count 1\n/);
    const ackSeconds = Number(/journey_webhook_ack_seconds_sum (\S+)/.exec(text)?.[1]);
    expect(ackSeconds).toBeGreaterThan(0);
    expect(ackSeconds).toBeLessThanOrEqual(elapsedSeconds);
  });

  it('a signed URI with a query string is checked as HubSpot signs it: the public URL, path and query', async () => {
    await start();
    const body = JSON.stringify([contactCreation(13)]);
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}${PATH}?source=hubspot`, {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...signed(body, { uri: `${PUBLIC_BASE_URL}${PATH}?source=hubspot` }),
        },
      });
      req.on('response', (r) => {
        r.resume();
        r.on('end', () => resolve(r.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(res).toBe(204);
    expect(await count('webhook_inbox')).toBe(1);
  });

  it('an empty array answers 204, stores nothing and wakes no worker', async () => {
    await start();
    const res = await post(server.url, '[]', signed('[]'));
    expect(res.status).toBe(204);
    expect(await count('webhook_inbox')).toBe(0);
    expect(await count('jobs')).toBe(0);
    expect(wakeUps).toBe(0);
  });

  it('without a worker to wake (the webhooks role) a stored request answers 204 and logs no error', async () => {
    await start({ onStored: false });
    const body = JSON.stringify([contactCreation(14)]);
    expect((await post(server.url, body, signed(body))).status).toBe(204);
    expect(await count('webhook_inbox')).toBe(1);
    expect(logged().filter((l) => l.level >= 50)).toEqual([]);
  });

  describe('a signature that does not match is refused with 401, stores nothing, and the log says what to check', () => {
    const body = JSON.stringify([contactCreation(21)]);
    const cases: Array<[string, () => Record<string, string>, string]> = [
      ['made with another secret', () => signed(body, { secret: 'someone-else' }), body],
      [
        'made for the address we listen on instead of the public URL',
        () => signed(body, { uri: `http://127.0.0.1${PATH}` }),
        body,
      ],
      ['over another body', () => signed(body), body.replace('21', '22')],
    ];
    it.each(cases)('%s', async (_name, headers, sent) => {
      await start();
      const res = await post(server.url, sent, headers());
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toEqual({ error: 'invalid_signature', message: 'signature check failed: mismatch' });
      expect(await count('webhook_inbox')).toBe(0);
      expect(await count('jobs')).toBe(0);
      expect(wakeUps).toBe(0);
      expect(await metricsText()).toMatch(/journey_webhook_requests_total\{status="401"\} 1\n/);
      expect(logged().filter((l) => l.level === 40)).toEqual([
        expect.objectContaining({
          reason: 'mismatch',
          msg: "webhook signature mismatch: is PUBLIC_BASE_URL the URL HubSpot calls, and HUBSPOT_CLIENT_SECRET the app's secret?",
        }),
      ]);
    });
  });

  describe('headers that already fail are refused with 401 and the connection closed, before the body is read', () => {
    const body = JSON.stringify([contactCreation(31)]);
    const cases: Array<[string, () => Record<string, string>, string]> = [
      ['no signature headers', () => ({}), 'missing'],
      ['a timestamp older than 5 minutes', () => signed(body, { timestamp: NOW.getTime() - 6 * 60_000 }), 'expired'],
      [
        'a timestamp that is not a number',
        () => ({ ...signed(body), 'x-hubspot-request-timestamp': 'soon' }),
        'malformed-timestamp',
      ],
    ];
    it.each(cases)('%s', async (_name, headers, reason) => {
      await start();
      const res = await post(server.url, body, headers());
      expect(res.status).toBe(401);
      expect(res.headers.connection).toBe('close');
      expect(JSON.parse(res.body)).toEqual({
        error: 'invalid_signature',
        message: `signature check failed: ${reason}`,
      });
      expect(await count('webhook_inbox')).toBe(0);
      expect(await metricsText()).toMatch(/journey_webhook_requests_total\{status="401"\} 1\n/);
      expect(logged().filter((l) => l.level === 40)).toEqual([
        expect.objectContaining({ reason, msg: 'webhook rejected: missing or stale v3 signature' }),
      ]);
    });

    it('the answer comes while the announced 1 MiB body is still unsent', async () => {
      await start();
      const res = await post(server.url, `[${' '.repeat(1024 * 1024 - 3)}]`, {}, '[');
      expect(res.status).toBe(401);
    });
  });

  describe('a signed body that is not a JSON array is refused with 400 and stores nothing', () => {
    const cases: Array<[string, string, { error: string; message: string }]> = [
      [
        'not JSON',
        'not json',
        { error: 'invalid_json', message: 'body is not JSON: HubSpot sends a JSON array of events' },
      ],
      [
        'a JSON object',
        JSON.stringify({ events: [contactCreation(41)] }),
        { error: 'invalid_batch', message: 'webhook body: expected a JSON array of events' },
      ],
    ];
    it.each(cases)('%s', async (_name, body, answer) => {
      await start();
      const res = await post(server.url, body, signed(body));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual(answer);
      expect(await count('webhook_inbox')).toBe(0);
      expect(await metricsText()).toMatch(/journey_webhook_requests_total\{status="400"\} 1\n/);
    });
  });

  it('a signed POST with no body at all (no Content-Length) is refused with 400, not a server error', async () => {
    await start();
    const headers = signed('');
    const answer = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
      socket.write(
        [
          `POST ${PATH} HTTP/1.1`,
          'Host: journey.example.com',
          ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"error":"invalid_json"');
  });
});
