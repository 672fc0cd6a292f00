import { loadConfig, type Config } from '../../src/config.ts';
import { startService, type Role, type ServiceDeps, type Service } from '../../src/start-service.ts';
import { captureLog } from './capture-log.ts';
import { presets } from '../../src/engine/presets/index.ts';
import type { TestDb } from './test-db.ts';
import { signHubSpotV3 } from './sign-hubspot-v3.ts';
import { trackOpen } from './open-resources.ts';

export const TEST_SECRET = 'test-client-secret-5f0c';
export const TEST_APP_ID = '424242';

export type TestService = Service & { url: string; config: Config; logLines: () => string[] };

/** The real service on a free loopback port, on the given test database. */
export async function startTestService(
  testDb: TestDb,
  options: { role?: Role; env?: Record<string, string>; now?: () => Date } & Partial<
    Pick<
      ServiceDeps,
      | 'handlers'
      | 'routers'
      | 'tokens'
      | 'rateLimit'
      | 'defaultModel'
      | 'hubspotTimeoutMs'
      | 'oauthAuthorizeBase'
      | 'statisticsEveryMs'
    >
  > = {},
): Promise<TestService> {
  const env: Record<string, string> = {
    PORT: '0',
    HUBSPOT_CLIENT_SECRET: TEST_SECRET,
    HUBSPOT_APP_ID: TEST_APP_ID,
    DATA_DIR: 'memory',
    LOG_LEVEL: 'info',
    ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
    ...options.env,
  };
  const loaded = loadConfig(env);
  if (!loaded.success) throw new Error(loaded.error);
  const { log, lines } = captureLog();
  const service = await startService({
    config: loaded.data,
    role: options.role ?? 'web',
    log,
    now: options.now ?? (() => new Date()),
    handlers: options.handlers,
    routers: options.routers,
    tokens: options.tokens,
    rateLimit: options.rateLimit,
    hubspotTimeoutMs: options.hubspotTimeoutMs,
    oauthAuthorizeBase: options.oauthAuthorizeBase,
    ...(options.statisticsEveryMs ? { statisticsEveryMs: options.statisticsEveryMs } : {}),
    defaultModel: options.defaultModel ?? presets['classic-5']!,
    db: testDb.db,
  });
  const closed = trackOpen('service', `${options.role ?? 'web'} service ${service.url ?? ''} (startTestService)`);
  return {
    ...service,
    url: service.url!,
    config: loaded.data,
    logLines: lines,
    async stop() {
      await service.stop();
      closed();
    },
  };
}

type SignedOptions = { secret?: string; timestamp?: number; headers?: Record<string, string> };

/**
 * Any method with a JSON body, signed as HubSpot signs it (v3). HubSpot signs the public URL
 * (PUBLIC_BASE_URL + path), which behind a proxy differs from the address we connect to.
 */
export async function sendSigned(
  service: TestService,
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body: string | Buffer,
  options: SignedOptions = {},
): Promise<Response> {
  const headers = signHubSpotV3({
    secret: options.secret ?? TEST_SECRET,
    method,
    uri: service.config.publicBaseUrl + path,
    body,
    timestamp: options.timestamp ?? Date.now(),
  });
  return fetch(service.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers, ...options.headers },
    body,
  });
}

/** POSTs a body to the service, signed (see sendSigned). */
export function postSigned(
  service: TestService,
  path: string,
  body: string | Buffer,
  options: SignedOptions = {},
): Promise<Response> {
  return sendSigned(service, 'POST', path, body, options);
}

/** PUTs a body to the service, signed (see sendSigned). */
export function putSigned(
  service: TestService,
  path: string,
  body: string | Buffer,
  options: SignedOptions = {},
): Promise<Response> {
  return sendSigned(service, 'PUT', path, body, options);
}

/** A GET signed the way `hubspot.fetch` signs it (v3, empty body). */
export async function getSigned(
  service: TestService,
  pathAndQuery: string,
  options: { secret?: string; timestamp?: number } = {},
): Promise<Response> {
  const headers = signHubSpotV3({
    secret: options.secret ?? TEST_SECRET,
    method: 'GET',
    uri: service.config.publicBaseUrl + pathAndQuery,
    body: '',
    timestamp: options.timestamp ?? Date.now(),
  });
  return fetch(service.url + pathAndQuery, { headers });
}
