import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const singlePortal = { HUBSPOT_ACCESS_TOKEN: 'pat-token', HUBSPOT_PORTAL_ID: '62515', HUBSPOT_CLIENT_SECRET: 'secret' };
const oauth = {
  HUBSPOT_CLIENT_ID: 'id',
  HUBSPOT_CLIENT_SECRET: 'secret',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
};

const load = (env: Record<string, string>) => {
  const r = loadConfig(env);
  if (!r.success) throw new Error(r.error);
  return r.data;
};

describe('loadConfig: PREVIEWS', () => {
  it.each([
    ['the sandbox (no credentials)', true, {}],
    ['single-portal mode without NODE_ENV', false, singlePortal],
    ['OAuth mode without NODE_ENV', false, oauth],
    ['OAuth mode with NODE_ENV=development', false, { ...oauth, NODE_ENV: 'development' }],
    ['OAuth mode with PREVIEWS=on', true, { ...oauth, PREVIEWS: 'on' }],
    ['single-portal mode with PREVIEWS=off', false, { ...singlePortal, PREVIEWS: 'off' }],
  ])('%s: previews %s', (_name, expected, env) => {
    expect(load(env as Record<string, string>).previews).toBe(expected);
  });

  it('PREVIEWS=yes stops the start with one line naming the variable', () => {
    expect(loadConfig({ ...oauth, PREVIEWS: 'yes' })).toEqual({ success: false, error: 'PREVIEWS must be on or off' });
  });
});

describe('loadConfig: METRICS_TOKEN', () => {
  it('is optional, and kept when set', () => {
    expect(load(oauth).metricsToken).toBeUndefined();
    expect(load({ ...oauth, METRICS_TOKEN: 'a'.repeat(24) }).metricsToken).toBe('a'.repeat(24));
  });
  it('a short token stops the start with the fix', () => {
    const r = loadConfig({ ...oauth, METRICS_TOKEN: 'short' });
    expect(r.success).toBe(false);
    expect(!r.success && r.error).toMatch(/^METRICS_TOKEN must be at least 16 characters/);
  });
});

describe('loadConfig: worker port and queue settings', () => {
  it('WORKER_PORT defaults to PORT + 1, any free port when PORT is 0, and is kept when set', () => {
    expect(load(oauth).workerPort).toBe(3001);
    expect(load({ ...oauth, PORT: '8080' }).workerPort).toBe(8081);
    expect(load({ ...oauth, PORT: '0' }).workerPort).toBe(0);
    expect(load({ ...oauth, WORKER_PORT: '9100' }).workerPort).toBe(9100);
  });
  it('JOB_LEASE_MS, DRAIN_TIMEOUT_MS and JOB_POLL_MS have defaults and are read as numbers', () => {
    expect(load(oauth).queue).toEqual({ leaseMs: 15_000, drainMs: 10_000, pollMs: 250 });
    expect(load({ ...oauth, JOB_LEASE_MS: '60000', DRAIN_TIMEOUT_MS: '25000', JOB_POLL_MS: '1000' }).queue).toEqual({
      leaseMs: 60_000,
      drainMs: 25_000,
      pollMs: 1_000,
    });
  });
  it('RECONCILE_INTERVAL_MS defaults to 15 minutes and is read as a number', () => {
    expect(load(oauth).reconcileIntervalMs).toBe(900_000);
    expect(load({ ...oauth, RECONCILE_INTERVAL_MS: '10000' }).reconcileIntervalMs).toBe(10_000);
  });
  it.each([
    ['JOB_LEASE_MS', '500'],
    ['JOB_LEASE_MS', 'soon'],
    ['DRAIN_TIMEOUT_MS', '-1'],
    ['JOB_POLL_MS', '1'],
    ['WORKER_PORT', '70000'],
    ['RECONCILE_INTERVAL_MS', '5000'],
    ['RECONCILE_INTERVAL_MS', '86400001'],
    ['RECONCILE_INTERVAL_MS', 'hourly'],
  ])('%s=%s stops the start with one line naming the variable', (name, value) => {
    const r = loadConfig({ ...oauth, [name]: value });
    expect(r.success).toBe(false);
    expect(!r.success && r.error).toMatch(new RegExp(`^${name} `));
  });
});

describe('loadConfig: the sandbox defaults main.ts used to read from process.env', () => {
  it('without credentials (the sandbox) the database lives in memory and logs are warnings, unless DATA_DIR or LOG_LEVEL say otherwise', () => {
    expect(load({}).database).toEqual({ kind: 'pglite', dataDir: 'memory' });
    expect(load({}).logLevel).toBe('warn');
    expect(load({ DATA_DIR: './demo-data' }).database).toEqual({ kind: 'pglite', dataDir: './demo-data' });
    expect(load({ LOG_LEVEL: 'info' }).logLevel).toBe('info');
  });
  it('with credentials the database lives in ./.data and logs at info by default', () => {
    for (const env of [oauth, singlePortal]) {
      expect(load(env).database).toEqual({ kind: 'pglite', dataDir: './.data' });
      expect(load(env).logLevel).toBe('info');
    }
    expect(load({ ...singlePortal, LOG_LEVEL: 'debug', DATA_DIR: 'memory' })).toMatchObject({
      logLevel: 'debug',
      database: { dataDir: 'memory' },
    });
  });
});
