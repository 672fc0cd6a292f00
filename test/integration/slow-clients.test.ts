import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { HTTP_LIMITS } from '../../src/http/http-limits.ts';

// Clients without the secret: any fresh timestamp and any 44-character signature pass the
// checks made before the body is read, so everything before the signature must be bounded.
const PORTAL = '62515';
const fakeSignature = `${'A'.repeat(43)}=`;

/** A raw TCP client: what it was sent back, and when the server closed it. */
type RawClient = { socket: Socket; received: () => string; closed: Promise<number> };

async function rawClient(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.on('data', (d) => {
    text += d.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received: () => text, closed };
}

const head = (method: string, path: string, headers: Record<string, string>) =>
  `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

const webhookHeaders = (length: number) => ({
  'content-type': 'application/json',
  'content-length': String(length),
  'x-hubspot-request-timestamp': String(Date.now()),
  'x-hubspot-signature-v3': fakeSignature,
});

describe('the HTTP server under slow and hostile clients', () => {
  let t: TestDb;
  let svc: TestService;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    svc = await startTestService(t, { role: 'web' });
  });
  afterAll(async () => {
    await svc.stop();
    await t.drop();
  });

  it.each([
    ['POST /webhooks/hubspot', 'POST', '/webhooks/hubspot'],
    ['PUT /api/settings', 'PUT', `/api/settings?portalId=${PORTAL}`],
  ])(
    '%s declaring a 10 GiB body answers 413 at once and closes the connection',
    async (_name, method, path) => {
      const c = await rawClient(svc.url);
      const sent = Date.now();
      c.socket.write(head(method, path, webhookHeaders(10 * 1024 ** 3)));
      const closedAt = await c.closed;
      expect(c.received()).toMatch(/^HTTP\/1\.1 413 /);
      expect(closedAt - sent).toBeLessThan(1_000);
    },
    10_000,
  );

  it('a body dripped byte by byte, or headers that never end, are cut at the request deadline', async () => {
    const body = await rawClient(svc.url);
    const headers = await rawClient(svc.url);
    const started = Date.now();
    body.socket.write(head('POST', '/webhooks/hubspot', webhookHeaders(1_000)));
    headers.socket.write('POST /webhooks/hubspot HTTP/1.1\r\nHost: localhost\r\n');
    const drip = setInterval(() => {
      body.socket.write('[');
      headers.socket.write('x-drip: 1\r\n');
    }, 200);
    try {
      const [bodyClosed, headersClosed] = await Promise.all([body.closed, headers.closed]);
      for (const closed of [bodyClosed, headersClosed]) {
        expect(closed - started).toBeGreaterThanOrEqual(HTTP_LIMITS.requestTimeoutMs - 100);
        expect(closed - started).toBeLessThan(HTTP_LIMITS.requestTimeoutMs + 2_000);
      }
      expect(body.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  }, 15_000);

  it(`caps open connections at ${HTTP_LIMITS.maxConnections} per process`, async () => {
    const held: RawClient[] = [];
    try {
      for (let i = 0; i < HTTP_LIMITS.maxConnections; i++) held.push(await rawClient(svc.url));
      // Every held connection is a request in progress, none answered yet.
      for (const c of held) c.socket.write('GET /healthz HTTP/1.1\r\n');
      const extra = await rawClient(svc.url);
      extra.socket.write(head('GET', '/healthz', {}));
      await extra.closed;
      expect(extra.received()).toBe('');
    } finally {
      for (const c of held) c.socket.destroy();
    }
    await waitFor(async () => (await fetch(`${svc.url}/healthz`).catch(() => undefined))?.status === 200, {
      what: 'the server to take connections again',
    });
  }, 30_000);
});

describe('SIGTERM with slow clients connected', () => {
  it('exits 0 within the drain bound', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['src/main.ts', '--role=web'], {
      env: { ...process.env, DATA_DIR: 'memory', PORT: String(port), HUBSPOT_CLIENT_SECRET: 's', LOG_LEVEL: 'fatal' },
      stdio: 'ignore',
    });
    try {
      await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200, {
        what: 'the service to listen',
      });
      const dripping = await rawClient(base);
      dripping.socket.write(head('POST', '/webhooks/hubspot', webhookHeaders(1_000)));
      const drip = setInterval(() => dripping.socket.write('['), 200);
      const idle = await rawClient(base);
      idle.socket.write(head('GET', '/healthz', { connection: 'keep-alive' }));
      await waitFor(() => idle.received().includes('200 OK'), { what: 'the keep-alive answer' });
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exit;
      const took = Date.now() - signalled;
      clearInterval(drip);
      expect(code).toBe(0);
      expect(took).toBeLessThan(4_000);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
