import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runDoctor } from '../../src/doctor/run-doctor.ts';
import { CHECKS, type CheckResult } from '../../src/doctor/check-result.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { createOAuthClient } from '../../src/install/oauth-client.ts';
import { REQUIRED_SCOPES } from '../../src/install/scopes.ts';
import { refreshRefused } from '../../src/store/token-checks.ts';
import { createTokenCipher } from '../../src/install/token-cipher.ts';
import { saveTokens } from '../../src/install/token-store.ts';
import { readMigrations, migrate } from '../../src/store/migrate.ts';
import { openDb } from '../../src/store/open-db.ts';
import { hubspotPaths } from '../../src/sync/hubspot-paths.ts';
import { PROPERTY_GROUP, propertyDefinitions } from '../../src/sync/provision-properties.ts';
import { writeProfile } from '../../scripts/profile/write-profile.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

// `npm run doctor` against the sandbox's HubSpot stand-in and a real PostgreSQL: a healthy
// setup passes every check, and each fault an installer can make fails the check that names it.
const repo = join(import.meta.dirname, '../..');
const SERVICE_URL = 'https://journey.acme-crm.io';
const STATIC_PORTAL = '62515';
const OAUTH_PORTAL = '70002';

let fake: RunningFake;
let store: TestDb;
let work: string;
let files: { projectSrcDir: string; canonicalWebhooks: string };
let staticToken: string;
const key = randomBytes(32).toString('base64');

async function provision(token: string, model = presets['classic-5']!) {
  const post = (path: string, body: unknown) =>
    fetch(fake.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post(hubspotPaths.contactPropertyGroups(), PROPERTY_GROUP)).status).toBe(201);
  for (const d of propertyDefinitions(model))
    expect((await post(hubspotPaths.contactProperties(), d)).status).toBe(201);
}

const singlePortalEnv = (): Record<string, string> => ({
  PUBLIC_BASE_URL: SERVICE_URL,
  DATABASE_URL: store.url!,
  HUBSPOT_API_BASE: fake.url,
  HUBSPOT_ACCESS_TOKEN: staticToken,
  HUBSPOT_PORTAL_ID: STATIC_PORTAL,
  HUBSPOT_CLIENT_ID: fake.client.clientId,
  HUBSPOT_CLIENT_SECRET: fake.client.clientSecret,
  TOKEN_ENCRYPTION_KEY: key,
  NODE_ENV: 'production',
});
const oauthEnv = (): Record<string, string> => {
  const { HUBSPOT_ACCESS_TOKEN: _token, HUBSPOT_PORTAL_ID: _portal, ...rest } = singlePortalEnv();
  return { ...rest, HUBSPOT_APP_ID: String(fake.client.appId) };
};

const doctor = (env: Record<string, string | undefined>, profile?: string) => runDoctor({ env, files, profile });
const byCheck = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.check, r]));
const failing = (results: CheckResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.check);

beforeAll(async () => {
  fake = await startFakeHubSpot({ portalIds: [STATIC_PORTAL, OAUTH_PORTAL, '70001'] });
  store = await createTestDb('postgres');
  work = mkdtempSync(join(tmpdir(), 'journey-doctor-'));
  files = { projectSrcDir: join(work, 'src'), canonicalWebhooks: join(repo, 'webhooks/webhooks-hsmeta.json') };
  mkdirSync(join(files.projectSrcDir, 'app', 'webhooks'), { recursive: true });
  cpSync(join(repo, 'app-card/src/hsprofile.example.json'), join(files.projectSrcDir, 'hsprofile.example.json'));
  expect(writeProfile({ name: 'prod', url: SERVICE_URL, accountId: 135791 }, files).success).toBe(true);

  staticToken = fake.state.issueStaticToken(STATIC_PORTAL, undefined, REQUIRED_SCOPES);
  await provision(staticToken);

  // An OAuth install as /oauth/callback leaves it: the code exchanged, tokens sealed in the database.
  const code = fake.state.issueAuthCode(OAUTH_PORTAL, REQUIRED_SCOPES, `${SERVICE_URL}/oauth/callback`);
  const oauth = createOAuthClient({
    apiBase: fake.url,
    ...fake.client,
    redirectUri: `${SERVICE_URL}/oauth/callback`,
    now: () => new Date(),
  });
  const tokens = await oauth.exchangeCode(code);
  await saveTokens(
    store.db,
    createTokenCipher({ current: Buffer.from(key, 'base64') }),
    OAUTH_PORTAL,
    tokens,
    new Date(),
  );
  await store.db.query('insert into portals (portal_id) values ($1)', [OAUTH_PORTAL]);
  await provision(tokens.accessToken);
});

afterAll(async () => {
  await store?.drop();
  await fake?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run doctor', () => {
  it('runDoctor(healthy single-portal setup) passes every check, one line each', async () => {
    const results = await doctor(singlePortalEnv());
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ['settings', 'ok'],
      ['database', 'ok'],
      ['hubspot', 'ok'],
      ['scopes', 'ok'],
      ['refreshes', 'skip'],
      ['properties', 'ok'],
      ['writes', 'ok'],
      ['profile', 'ok'],
      ['previews', 'ok'],
    ]);
  });

  it('runDoctor(contacts HubSpot refused to write) fails the writes check, naming each with its reason (#25)', async () => {
    const insert = (id: string, error: string | null, deleted = false) =>
      store.db.query(
        `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, deleted, updated_at, write_error)
         values ($1, $2, 'classic-5', 'purchase', now(), '{}'::jsonb, $4, now(), $3)`,
        [STATIC_PORTAL, id, error, deleted],
      );
    await insert('9001', 'Blocked by the validation rule "Stage must be set by Sales"');
    await insert('9002', null);
    await insert('9003', 'gone', true);
    try {
      const writes = byCheck(await doctor(singlePortalEnv())).writes!;
      expect(writes.status).toBe('fail');
      expect(writes.detail).toContain(
        `1 contact (portal ${STATIC_PORTAL} contact 9001: Blocked by the validation rule "Stage must be set by Sales")`,
      );
      expect(writes.detail).not.toContain('9002');
      expect(writes.detail).not.toContain('9003');
    } finally {
      await store.db.query('delete from contacts where portal_id = $1', [STATIC_PORTAL]);
    }
  });

  it('runDoctor(healthy OAuth install) introspects the stored token and passes every check', async () => {
    const results = await doctor(oauthEnv());
    expect(failing(results)).toEqual([]);
    expect(byCheck(results).hubspot!.detail).toMatch(new RegExp(`portal ${OAUTH_PORTAL}`));
    expect(byCheck(results).properties!.status).toBe('ok');
  });

  it.each([
    [
      'a setting that does not parse',
      'settings',
      { PUBLIC_BASE_URL: 'journey.acme-crm.io' },
      /PUBLIC_BASE_URL must be an absolute URL/,
    ],
    ['an unknown stage model', 'settings', { STAGE_MODEL: 'classic-9' }, /STAGE_MODEL "classic-9"/],
    [
      'a database that does not answer',
      'database',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' },
      /does not answer.*DATABASE_URL/,
    ],
    [
      'a refused access token',
      'hubspot',
      { HUBSPOT_ACCESS_TOKEN: 'pat-na1-00000000-0000-4000-8000-000000000000' },
      /refused HUBSPOT_ACCESS_TOKEN \(401/,
    ],
    [
      'a wrong client secret',
      'hubspot',
      { HUBSPOT_CLIENT_SECRET: 'not-the-secret' },
      /refused the app's credentials.*HUBSPOT_CLIENT_SECRET/,
    ],
    [
      "another portal id than the token's",
      'hubspot',
      { HUBSPOT_PORTAL_ID: '99999' },
      /belongs to portal 62515.*HUBSPOT_PORTAL_ID=62515/,
    ],
    [
      'a portal without our properties',
      'properties',
      () => ({
        HUBSPOT_ACCESS_TOKEN: fake.state.issueStaticToken('70001', undefined, REQUIRED_SCOPES),
        HUBSPOT_PORTAL_ID: '70001',
      }),
      /portal 70001 has no contact property journey_stage/,
    ],
    [
      "properties with another model's options",
      'properties',
      { STAGE_MODEL: 'interest-6' },
      /journey_stage options are \[awareness \(Awareness\), consideration/,
    ],
    [
      'a profile URL other than PUBLIC_BASE_URL',
      'profile',
      { PUBLIC_BASE_URL: 'https://journey-eu.acme-crm.io' },
      /SERVICE_URL https:\/\/journey\.acme-crm\.io is not PUBLIC_BASE_URL https:\/\/journey-eu\.acme-crm\.io.*signature/,
    ],
    [
      'a PUBLIC_BASE_URL HubSpot cannot call',
      'profile',
      { PUBLIC_BASE_URL: 'http://localhost:3000' },
      /PUBLIC_BASE_URL http:\/\/localhost:3000 is not https.*tunnel/,
    ],
    ['previews on in production', 'previews', { PREVIEWS: 'on' }, /on \(PREVIEWS=on\).*unset PREVIEWS/],
  ] as const)('runDoctor(%s) fails the %s check and says how to fix it', async (_fault, check, change, message) => {
    const env = { ...singlePortalEnv(), ...(typeof change === 'function' ? change() : change) };
    const results = await doctor(env);
    expect(failing(results)).toEqual([check]);
    expect(byCheck(results)[check]!.detail).toMatch(message);
  });

  it('runDoctor(NODE_ENV not production, PREVIEWS unset) passes: previews follow PREVIEWS alone (docs/configuration.md, PREVIEWS)', async () => {
    const env = { ...singlePortalEnv(), NODE_ENV: undefined };
    const previews = byCheck(await doctor(env)).previews!;
    expect(previews.status).toBe('ok');
  });

  it('runDoctor(a token without a scope we need) fails the scopes check and names the scope', async () => {
    const scopes = REQUIRED_SCOPES.filter((s) => s !== 'crm.schemas.contacts.write');
    const results = await doctor({
      ...singlePortalEnv(),
      HUBSPOT_ACCESS_TOKEN: fake.state.issueStaticToken(STATIC_PORTAL, undefined, scopes),
    });
    expect(failing(results)).toEqual(['scopes']);
    expect(byCheck(results).scopes!.detail).toMatch(/lacks crm\.schemas\.contacts\.write.*install the app again/);
  });

  it('runDoctor(a database missing the latest migration) fails the database check and names it', async () => {
    const latest = readMigrations().at(-1)!;
    await store.db.query('delete from schema_migrations where version = $1', [latest.version]);
    try {
      const results = await doctor(singlePortalEnv());
      expect(failing(results)).toEqual(['database']);
      expect(byCheck(results).database!.detail).toMatch(
        new RegExp(`not migrated \\(missing ${latest.name}\\).*npm start`),
      );
    } finally {
      await store.db.query('insert into schema_migrations (version, name) values ($1, $2)', [
        latest.version,
        latest.name,
      ]);
    }
  });

  it('runDoctor(OAuth, another TOKEN_ENCRYPTION_KEY) says the stored tokens do not decrypt', async () => {
    const results = await doctor({ ...oauthEnv(), TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    expect(failing(results)).toEqual(['hubspot']);
    expect(byCheck(results).hubspot!.detail).toMatch(/do not decrypt: TOKEN_ENCRYPTION_KEY/);
  });

  it('runDoctor(OAuth, an expired token) refreshes it to check, and names an uninstall when HubSpot refuses the refresh', async () => {
    const portal = '70003';
    fake.state.addPortal(portal);
    const oauth = createOAuthClient({
      apiBase: fake.url,
      ...fake.client,
      redirectUri: `${SERVICE_URL}/oauth/callback`,
      now: () => new Date(),
    });
    const tokens = await oauth.exchangeCode(
      fake.state.issueAuthCode(portal, REQUIRED_SCOPES, `${SERVICE_URL}/oauth/callback`),
    );
    await provision(tokens.accessToken);
    const expired = { ...tokens, expiresAt: new Date(Date.now() - 60_000) };
    await saveTokens(store.db, createTokenCipher({ current: Buffer.from(key, 'base64') }), portal, expired, new Date());
    await store.db.query('insert into portals (portal_id) values ($1)', [portal]);
    try {
      expect(failing(await doctor(oauthEnv()))).toEqual([]);
      fake.state.uninstall(portal);
      const results = await doctor(oauthEnv());
      expect(failing(results)).toEqual(['hubspot']);
      expect(byCheck(results).hubspot!.detail).toMatch(
        new RegExp(
          `refused portal ${portal}'s refresh token.*uninstalled there; install it again from ${SERVICE_URL}/oauth/install`,
        ),
      );
    } finally {
      await store.db.query('delete from portal_tokens where portal_id = $1', [portal]);
      await store.db.query('delete from portals where portal_id = $1', [portal]);
    }
  });

  it('runDoctor(OAuth install whose refresh HubSpot refuses with the token still active) names the portal under refreshes', async () => {
    expect(byCheck(await doctor(oauthEnv())).refreshes!.status).toBe('ok');
    await refreshRefused(
      store.db,
      OAUTH_PORTAL,
      new Date(),
      'HubSpot refused the refresh_token request (400): VALIDATION_ERROR',
    );
    try {
      const results = await doctor(oauthEnv());
      expect(failing(results)).toEqual(['refreshes']);
      expect(byCheck(results).refreshes!.detail).toMatch(
        new RegExp(
          `portal ${OAUTH_PORTAL} since .*1 tries; HubSpot refused the refresh_token request \\(400\\).*still active`,
        ),
      );
    } finally {
      await store.db.query(
        'update portal_tokens set refresh_refused_at = null, refresh_refusal = null, refresh_failures = 0, refresh_retry_at = null',
      );
    }
  });

  it("runDoctor(single portal without the app's client id) reads with the token and skips the scope listing, still passing", async () => {
    const { HUBSPOT_CLIENT_ID: _id, TOKEN_ENCRYPTION_KEY: _key, ...env } = singlePortalEnv();
    const results = await doctor(env);
    expect(failing(results)).toEqual([]);
    expect(byCheck(results).scopes).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/set HUBSPOT_CLIENT_ID/),
    });
  });

  it('runDoctor(a stale webhooks copy) fails the profile check and names the command that writes it', async () => {
    const copy = join(files.projectSrcDir, 'app', 'webhooks', 'webhooks-hsmeta.json');
    writeFileSync(copy, '{}');
    try {
      const results = await doctor(singlePortalEnv());
      expect(failing(results)).toEqual(['profile']);
      expect(byCheck(results).profile!.detail).toMatch(
        /differs from webhooks\/webhooks-hsmeta\.json: run npm run profile -- --sync-webhooks/,
      );
    } finally {
      cpSync(files.canonicalWebhooks, copy);
    }
  });

  it('runDoctor(several profiles, none named) asks for --profile; naming one checks it', async () => {
    expect(writeProfile({ name: 'staging', url: 'https://staging.acme-crm.io', accountId: 1 }, files).success).toBe(
      true,
    );
    try {
      expect(byCheck(await doctor(singlePortalEnv())).profile!.detail).toMatch(
        /several config profiles \(.*prod.*staging.*\).*--profile <name>/,
      );
      expect(byCheck(await doctor(singlePortalEnv(), 'prod')).profile!.status).toBe('ok');
    } finally {
      rmSync(join(files.projectSrcDir, 'hsprofile.staging.json'));
    }
  });

  // Each PGlite opened on disk is seconds of CPU (WebAssembly start, WAL replay): these two tests
  // open it three and four times, so their budget is sized for a loaded 2-core machine, not a quiet one.
  const PGLITE_ON_DISK_MS = 120_000;
  async function migratedDataDir(): Promise<string> {
    const dataDir = join(work, 'pglite');
    const db = await openDb({ kind: 'pglite', dataDir });
    await migrate(db);
    await db.close();
    return dataDir;
  }

  it('runDoctor(embedded database) answers on PGlite too: a migrated DATA_DIR passes, a missing one fails', {
    timeout: PGLITE_ON_DISK_MS,
  }, async () => {
    const dataDir = await migratedDataDir();
    const { DATABASE_URL: _u, ...env } = singlePortalEnv();
    expect(byCheck(await doctor({ ...env, DATA_DIR: dataDir })).database).toMatchObject({ status: 'ok' });
    expect(byCheck(await doctor({ ...env, DATA_DIR: join(work, 'nowhere') })).database!.detail).toMatch(
      /does not exist yet: start the service once/,
    );
  });

  it('runDoctor(OAuth, embedded database, nothing installed yet) checks the credentials and gives the install URL', {
    timeout: PGLITE_ON_DISK_MS,
  }, async () => {
    const dataDir = await migratedDataDir();
    const { DATABASE_URL: _u, ...env } = singlePortalEnv();
    const withApp: Record<string, string> = { ...env, DATA_DIR: dataDir, HUBSPOT_APP_ID: String(fake.client.appId) };
    const { HUBSPOT_ACCESS_TOKEN: _a, HUBSPOT_PORTAL_ID: _b, ...oauth } = withApp;
    const fresh = byCheck(await doctor(oauth));
    expect(fresh.hubspot!.detail).toMatch(
      new RegExp(
        `accepts HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET; no portal installed yet: open ${SERVICE_URL}/oauth/install`,
      ),
    );
    expect(fresh.properties!.status).toBe('skip');
    expect(byCheck(await doctor({ ...oauth, HUBSPOT_CLIENT_SECRET: 'wrong' })).hubspot!.detail).toMatch(
      /refused the app's credentials/,
    );
  });

  it('npm run doctor exits 0 when every check passes and 1 when one fails, printing one line per check', async () => {
    // Asynchronous: the stand-in answers from this process.
    const run = (env: Record<string, string>) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['src/doctor/cli.ts', '--project-src', files.projectSrcDir],
          { cwd: repo, env: { PATH: process.env.PATH, ...env } },
          (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
        );
      });
    const healthy = await run(singlePortalEnv());
    expect(healthy.status, healthy.stdout + healthy.stderr).toBe(0);
    // One line per check, then the verdict ("all checks pass").
    expect(healthy.stdout.trim().split('\n')).toHaveLength(CHECKS.length + 1);
    const broken = await run({ ...singlePortalEnv(), PREVIEWS: 'on' });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^FAIL {2}previews/m);
  });
});
