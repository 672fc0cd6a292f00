import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';

const PORTAL = '62515';
const SECRET = 'crash-test-secret';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

function startProcess(env: Record<string, string>, role: string): ChildProcess {
  return spawn(process.execPath, ['src/main.ts', `--role=${role}`], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function healthy(url: string): Promise<void> {
  await vi.waitFor(async () => expect((await fetch(`${url}/healthz`).catch(() => null))?.status).toBe(200), {
    timeout: 30_000,
    interval: 100,
  });
}

describe.each(['postgres', 'pglite'] as const)('SIGKILL right after a 2xx loses no event (%s)', (kind) => {
  let fake: RunningFake | undefined;
  let child: ChildProcess | undefined;
  let testDb: TestDb | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await fake?.close();
    await testDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the restarted worker processes every acknowledged event', async () => {
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    const ids = Array.from({ length: 20 }, (_, i) =>
      fake!.state.createContact(PORTAL, { lifecyclestage: i % 2 ? 'lead' : 'customer' }),
    );
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let dbEnv: Record<string, string>;
    if (kind === 'postgres') {
      testDb = await createTestDb('postgres');
      dbEnv = { DATABASE_URL: testDb.url! };
    } else {
      dir = mkdtempSync(join(tmpdir(), 'journey-crash-'));
      dbEnv = { DATA_DIR: dir };
    }
    const env = {
      ...dbEnv,
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      HUBSPOT_API_BASE: fake.url,
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_ACCESS_TOKEN: fake.state.issueStaticToken(PORTAL),
      HUBSPOT_PORTAL_ID: PORTAL,
    };
    // The web role alone: events are stored and acknowledged, nothing processes them yet.
    child = startProcess(env, 'web');
    await healthy(base);
    const body = JSON.stringify(
      ids.map((id, i) => ({
        eventId: 9000 + i,
        subscriptionId: 1,
        portalId: Number(PORTAL),
        appId: 1,
        occurredAt: Date.now(),
        subscriptionType: 'contact.creation',
        attemptNumber: 0,
        objectId: Number(id),
        changeSource: 'CRM_UI',
      })),
    );
    const headers = signHubSpotV3({
      secret: SECRET,
      method: 'POST',
      uri: `${base}/webhooks/hubspot`,
      body,
      timestamp: Date.now(),
    });
    const res = await fetch(`${base}/webhooks/hubspot`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(204);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    child = startProcess(env, 'all');
    await healthy(base);
    await vi.waitFor(
      () => {
        for (const id of ids) expect(fake!.state.getContact(PORTAL, id)?.properties.journey_stage).toBeDefined();
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(fake.state.getContact(PORTAL, ids[0]!)!.properties.journey_stage).toBe('purchase');
    expect(fake.state.getContact(PORTAL, ids[1]!)!.properties.journey_stage).toBe('consideration');
  }, 120_000); // two real process starts and a restart, each bounded by its own wait above
});

describe('SIGTERM', () => {
  it('drains and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-term-'));
    const port = await freePort();
    const child = startProcess({ DATA_DIR: dir, PORT: String(port), HUBSPOT_CLIENT_SECRET: SECRET }, 'all');
    try {
      await healthy(`http://127.0.0.1:${port}`);
      const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // two real process starts and a restart, each bounded by its own wait above
});

describe('bad settings', () => {
  it.each([
    [{ PORT: 'eighty' }, /^journey-stages: PORT /],
    [
      { HUBSPOT_CLIENT_ID: 'abc', HUBSPOT_CLIENT_SECRET: 's' },
      /^journey-stages: TOKEN_ENCRYPTION_KEY .*openssl rand -base64 32/,
    ],
    [{ STAGE_MODEL: 'no-such-model' }, /^journey-stages: STAGE_MODEL "no-such-model" is neither a preset/],
    [{ DATABASE_URL: 'mysql://x' }, /^journey-stages: DATABASE_URL must start with postgres:\/\//],
  ])('%o stops the start with one line and exit code 2', async (env, message) => {
    const child = spawn(process.execPath, ['src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: 'memory', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });
});
