import nock from 'nock';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createOAuthClient, RefreshRefusedError } from '../../../src/install/oauth-client.ts';

const API = 'https://api.hubapi.test';
const now = new Date('2026-11-22T10:00:00.000Z');
const client = () =>
  createOAuthClient({
    apiBase: API,
    clientId: 'client-1',
    clientSecret: 'secret-1',
    redirectUri: 'https://journey.example.com/oauth/callback',
    now: () => now,
  });
const tokenAnswer = {
  access_token: 'at-1',
  refresh_token: 'rt-1',
  expires_in: 1800,
  token_type: 'bearer',
  scopes: ['oauth'],
};

describe('createOAuthClient', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
  });
  afterAll(() => nock.enableNetConnect());

  it('exchangeCode() posts the form HubSpot expects to the dated token endpoint and returns when the token expires', async () => {
    let form: URLSearchParams | undefined;
    nock(API)
      .post('/oauth/2026-03/token', (body: string) => {
        form = new URLSearchParams(body);
        return true;
      })
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, tokenAnswer);
    const tokens = await client().exchangeCode('code-1');
    expect(Object.fromEntries(form!)).toEqual({
      client_id: 'client-1',
      client_secret: 'secret-1',
      grant_type: 'authorization_code',
      code: 'code-1',
      redirect_uri: 'https://journey.example.com/oauth/callback',
    });
    expect(tokens).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: new Date(now.getTime() + 1800_000),
      scopes: ['oauth'],
    });
  });

  // The 2026-03 spec's Error: { category, correlationId, message }, no status or error code.
  const dated = {
    category: 'VALIDATION_ERROR',
    correlationId: 'aeb5f871-0000-4000-8000-000000000001',
    message: 'Invalid refresh token',
    links: { 'knowledge-base': 'https://www.hubspot.com/products/service/knowledge-base' },
  };
  it.each([
    [400, 'the 2026-03 Error shape', dated],
    [401, 'the 2026-03 Error shape', { ...dated, category: 'INVALID_AUTHENTICATION' }],
    [400, 'BAD_REFRESH_TOKEN (v1 shape)', { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' }],
    [400, 'invalid_grant (OAuth 2.0 shape)', { error: 'invalid_grant', error_description: 'refresh token revoked' }],
    [400, 'no body at all', ''],
  ])(
    'refresh() answered %i with %s throws RefreshRefusedError (the app was uninstalled)',
    async (status, _name, body) => {
      nock(API).post('/oauth/2026-03/token').reply(status, body);
      await expect(client().refresh('rt-1')).rejects.toBeInstanceOf(RefreshRefusedError);
    },
  );

  it.each([
    [
      429,
      {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: 'c',
        policyName: 'TEN_SECONDLY_ROLLING',
      },
    ],
    [503, dated],
    [400, { ...dated, message: 'missing or unknown client id, or wrong client secret' }],
    [400, { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id' }],
  ])(
    'refresh() answered %i %j is not a refusal of the portal (retry, or fix our client credentials)',
    async (status, body) => {
      nock(API).post('/oauth/2026-03/token').reply(status, body);
      const err = await client()
        .refresh('rt-1')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(RefreshRefusedError);
    },
  );

  it('exchangeCode() answered BAD_AUTH_CODE throws an error naming it, not RefreshRefusedError', async () => {
    nock(API)
      .post('/oauth/2026-03/token')
      .reply(400, { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code' });
    const err = await client()
      .exchangeCode('used')
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(RefreshRefusedError);
    expect(String(err)).toMatch(/BAD_AUTH_CODE/);
  });

  it('refresh() answered 502 throws a plain error (retry later, the portal stays installed)', async () => {
    nock(API).post('/oauth/2026-03/token').reply(502, 'bad gateway');
    const err = await client()
      .refresh('rt-1')
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(RefreshRefusedError);
    expect(String(err)).toMatch(/502/);
  });

  it('introspect() learns the portal (hub_id) of a new access token', async () => {
    nock(API)
      .post('/oauth/2026-03/token/introspect', (body: string) => new URLSearchParams(body).get('token') === 'at-1')
      .reply(200, {
        active: true,
        token_use: 'access_token',
        hub_id: 62515,
        app_id: 7,
        client_id: 'client-1',
        scopes: ['oauth'],
        expires_in: 1799,
        token_type: 'access',
      });
    expect(await client().introspect('at-1')).toEqual({ portalId: '62515', scopes: ['oauth'] });
  });

  it('introspect(an inactive token) throws', async () => {
    nock(API).post('/oauth/2026-03/token/introspect').reply(200, { active: false });
    await expect(client().introspect('at-1')).rejects.toThrow(/not active/);
  });
});
