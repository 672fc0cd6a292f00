import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { contactCreation } from '../helpers/webhook-events.ts';
import { waitFor } from '../helpers/wait-for.ts';

vi.setConfig({ testTimeout: 120_000 });

const ROOT = new URL('../../', import.meta.url);
const SECRET = 'split-secret';
const PORTAL = '62515';
/** The one address HubSpot calls and signs; the load balancer routes by path behind it. */
const PUBLIC_BASE_URL = 'https://journey.example.test';

/** The Procfile's process types and the arguments each passes after `npm start --`. */
function procfile(): Record<string, string[]> {
  const entries: Record<string, string[]> = {};
  for (const line of readFileSync(new URL('Procfile', ROOT), 'utf8').split('\n')) {
    const m = /^(\w+):\s*npm start -- (.+)$/.exec(line.trim());
    if (m) entries[m[1]!] = m[2]!.split(/\s+/);
  }
  return entries;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/*
 * The webhook split (docs/scaling.md): the Procfile's `webhooks` processes take
 * POST /webhooks/hubspot and nothing else, the `web` processes the card's API and the rest,
 * both on one database behind one public URL. Started here as the Procfile starts them.
 */
describe('the webhook split: `web` and `webhooks` processes from the Procfile', () => {
  const children: ChildProcess[] = [];
  let t: TestDb | undefined;
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode !== null) continue;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await t?.drop();
    t = undefined;
  });

  it('the Procfile and docs/scaling.md list the same processes, webhooks among them', () => {
    expect(procfile()).toEqual({ web: ['--role=web'], worker: ['--role=worker'], webhooks: ['--role=webhooks'] });
    const scaling = readFileSync(new URL('docs/scaling.md', ROOT), 'utf8');
    expect(scaling).toContain(`\`\`\`\n${readFileSync(new URL('Procfile', ROOT), 'utf8').trim()}\n\`\`\``);
  });

  it('a webhooks process stores signed webhooks and serves no API; the web process serves the API', async () => {
    t = await createTestDb('postgres');
    const start = async (type: string) => {
      const port = await freePort();
      const child = spawn(process.execPath, ['src/main.ts', ...procfile()[type]!], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: t!.url!,
          PORT: String(port),
          PUBLIC_BASE_URL,
          HUBSPOT_CLIENT_SECRET: SECRET,
          HUBSPOT_ACCESS_TOKEN: 'pat',
          HUBSPOT_PORTAL_ID: PORTAL,
          HUBSPOT_API_BASE: 'http://127.0.0.1:9',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      const base = `http://127.0.0.1:${port}`;
      // A process that exits (a role main.ts refuses, say) fails the test at once.
      const exited = once(child, 'exit').then(([code]) => {
        throw new Error(`the ${type} process exited ${code}`);
      });
      await Promise.race([
        exited,
        waitFor(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status === 200 || undefined, {
          what: `the ${type} process's /healthz`,
          timeout: 60_000,
        }),
      ]);
      exited.catch(() => {});
      return base;
    };
    const webhooks = await start('webhooks');
    const web = await start('web');

    const body = JSON.stringify([contactCreation(501, Number(PORTAL))]);
    const stored = await fetch(`${webhooks}/webhooks/hubspot`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signHubSpotV3({
          secret: SECRET,
          method: 'POST',
          uri: `${PUBLIC_BASE_URL}/webhooks/hubspot`,
          body,
          timestamp: Date.now(),
        }),
      },
      body,
    });
    expect(stored.status).toBe(204);
    const inbox = await t.db.query<{ portal_id: string; events: string }>(
      'select portal_id, events from webhook_inbox',
    );
    expect(inbox.rows.map((row) => ({ portal: row.portal_id, events: JSON.parse(row.events) as unknown }))).toEqual([
      { portal: PORTAL, events: JSON.parse(body) },
    ]);

    // A signed card request: the web process answers it (400: the route is there and read
    // the id), the webhooks process has no such route.
    const path = `/api/journey/contacts/not-an-id?portalId=${PORTAL}`;
    const signedGet = (base: string) =>
      fetch(base + path, {
        headers: signHubSpotV3({
          secret: SECRET,
          method: 'GET',
          uri: PUBLIC_BASE_URL + path,
          body: '',
          timestamp: Date.now(),
        }),
      });
    const fromWeb = await signedGet(web);
    expect(fromWeb.status).toBe(400);
    expect(await fromWeb.json()).toMatchObject({ error: 'invalid_contact' });
    expect((await signedGet(webhooks)).status).toBe(404);
    for (const other of ['/oauth/install', `/api/journey/funnel?portalId=${PORTAL}`])
      expect((await fetch(webhooks + other)).status, other).toBe(404);
    expect((await fetch(`${webhooks}/metrics`)).status).toBe(200);
  });
});
