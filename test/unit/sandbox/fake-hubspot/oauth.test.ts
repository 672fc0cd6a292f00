import { afterEach, describe, expect, it } from 'vitest';
import {
  HubSpotErrorBody,
  OAuthErrorBody,
  OAuthTokenResponse,
  TokenIntrospection,
} from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { authorizeUrl, hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import { form, PORTAL, startFake, stopFakes, type RunningFake } from './start-fake.ts';

afterEach(stopFakes);

const REDIRECT = 'https://app.example.com/oauth/callback';
const SCOPES = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'];

async function exchange(running: RunningFake, values: Record<string, string>) {
  const { clientId, clientSecret } = running.fake.client;
  return fetch(
    `${running.baseUrl}${hubspotPaths.oauthToken()}`,
    form({ client_id: clientId, client_secret: clientSecret, ...values }),
  );
}

async function installed(running: RunningFake) {
  const code = running.fake.state.issueAuthCode(PORTAL, SCOPES, REDIRECT);
  const res = await exchange(running, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  expect(res.status).toBe(200);
  return { code, tokens: OAuthTokenResponse.parse(await res.json()) };
}

describe('POST /oauth/2026-03/token', () => {
  it('exchanges a code once for tokens of the portal that call the API for 30 minutes', async () => {
    const running = await startFake();
    const { code, tokens } = await installed(running);
    expect(tokens).toMatchObject({ expires_in: 1800, token_type: 'bearer', hub_id: Number(PORTAL), scopes: SCOPES });
    expect((await running.call('GET', hubspotPaths.dealPipelines(), undefined, tokens.access_token)).status).toBe(200);

    const reused = await exchange(running, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(reused.status).toBe(400);
    expect(OAuthErrorBody.parse(await reused.json())).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: expect.stringMatching(/auth code/),
    });

    running.clock.advance(1_801_000);
    const expired = await running.call('GET', hubspotPaths.dealPipelines(), undefined, tokens.access_token);
    expect(expired.status).toBe(401);
    expect(HubSpotErrorBody.parse(await expired.json()).category).toBe('EXPIRED_AUTHENTICATION');
  });

  it('refreshes to a new access token with the same refresh token', async () => {
    const running = await startFake();
    const { tokens } = await installed(running);
    const res = await exchange(running, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    const refreshed = OAuthTokenResponse.parse(await res.json());
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toBe(tokens.refresh_token);
    expect(refreshed.expires_in).toBe(1800);
  });

  it('after uninstall refuses the refresh (400, 2026-03 Error shape, no status code) and the access token stops working', async () => {
    const running = await startFake();
    const { tokens } = await installed(running);
    running.fake.state.uninstall(PORTAL);
    const res = await exchange(running, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(res.status).toBe(400);
    expect(OAuthErrorBody.parse(await res.json())).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: expect.stringMatching(/refresh token/),
    });
    expect((await running.call('GET', hubspotPaths.dealPipelines(), undefined, tokens.access_token)).status).toBe(401);
  });

  it('refuses a wrong client secret, a redirect_uri other than the code’s, and a JSON body', async () => {
    const running = await startFake();
    const code = running.fake.state.issueAuthCode(PORTAL, SCOPES, REDIRECT);
    expect(
      (
        await exchange(running, {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          client_secret: 'wrong',
        })
      ).status,
    ).toBe(400);
    const otherRedirect = await exchange(running, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://evil.example.com/cb',
    });
    expect(OAuthErrorBody.parse(await otherRedirect.json()).message).toMatch(/redirect_uri/);
    const json = await fetch(`${running.baseUrl}${hubspotPaths.oauthToken()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code }),
    });
    expect(json.status).toBe(415);
  });
});

describe('POST /oauth/2026-03/token/introspect', () => {
  it('tells the portal, scopes and remaining life of an access token, and the portal of a refresh token', async () => {
    const running = await startFake();
    const { tokens } = await installed(running);
    const { clientId, clientSecret } = running.fake.client;
    const introspect = async (token: string) =>
      TokenIntrospection.parse(
        await (
          await fetch(
            `${running.baseUrl}${hubspotPaths.oauthIntrospect()}`,
            form({ token, client_id: clientId, client_secret: clientSecret }),
          )
        ).json(),
      );
    running.clock.advance(600_000);
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      token_use: 'access_token',
      hub_id: Number(PORTAL),
      scopes: SCOPES,
      expires_in: 1200,
    });
    expect(await introspect(tokens.refresh_token)).toMatchObject({
      active: true,
      token_use: 'refresh_token',
      hub_id: Number(PORTAL),
      app_id: running.fake.client.appId,
    });
    expect(await introspect('not-a-token')).toEqual({ active: false });
  });
});

describe('GET /oauth/authorize (the sandbox consent page)', () => {
  it('redirects to the redirect_uri with a code the token endpoint accepts and the same state', async () => {
    const running = await startFake();
    const url = authorizeUrl({
      base: running.baseUrl,
      clientId: running.fake.client.clientId,
      redirectUri: REDIRECT,
      scopes: SCOPES,
      state: 's-123',
    });
    expect(url).toContain('scope=oauth%20crm.objects.contacts.read');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('s-123');
    const tokens = await exchange(running, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
    });
    expect(OAuthTokenResponse.parse(await tokens.json()).scopes).toEqual(SCOPES);
  });
});
