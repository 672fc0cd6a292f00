import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitErrorBody } from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import { PORTAL, startFake, stopFakes } from './start-fake.ts';

afterEach(stopFakes);

const limitHeaders = (res: Response) => ({
  max: res.headers.get('x-hubspot-ratelimit-max'),
  remaining: res.headers.get('x-hubspot-ratelimit-remaining'),
  interval: res.headers.get('x-hubspot-ratelimit-interval-milliseconds'),
});

describe('fake HubSpot rate limit (per portal, rolling window)', () => {
  it('defaults to 110 per 10 s and counts Remaining down on every answer', async () => {
    const { call } = await startFake();
    const first = await call('GET', hubspotPaths.dealPipelines());
    expect(limitHeaders(first)).toEqual({ max: '110', remaining: '109', interval: '10000' });
    const second = await call('GET', hubspotPaths.contact('999999'));
    expect(second.status).toBe(404);
    expect(limitHeaders(second).remaining).toBe('108');
  });

  it('answers the max+1st request in the window with 429 RATE_LIMIT TEN_SECONDLY_ROLLING, and serves again once the window has passed', async () => {
    const { call, clock } = await startFake({ rateLimit: { max: 3, intervalMs: 10_000 } });
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await call('GET', hubspotPaths.dealPipelines());
      expect(res.status).toBe(200);
      remaining.push(limitHeaders(res).remaining);
      clock.advance(1_000);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await call('GET', hubspotPaths.dealPipelines());
    expect(limited.status).toBe(429);
    expect(limitHeaders(limited)).toEqual({ max: '3', remaining: '0', interval: '10000' });
    const body = RateLimitErrorBody.parse(await limited.json());
    expect(body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });

    // The first request (t=0) leaves the window at t=10 s; we are at t=3 s.
    clock.advance(7_001);
    const again = await call('GET', hubspotPaths.dealPipelines());
    expect(again.status).toBe(200);
    expect(limitHeaders(again).remaining).toBe('0');
  });

  it('keeps one budget per portal: a second portal is served while the first is limited', async () => {
    const { call, fake } = await startFake({ rateLimit: { max: 1, intervalMs: 10_000 } });
    fake.state.addPortal('777');
    const other = fake.state.issueStaticToken('777');
    expect((await call('GET', hubspotPaths.dealPipelines())).status).toBe(200);
    expect((await call('GET', hubspotPaths.dealPipelines())).status).toBe(429);
    expect((await call('GET', hubspotPaths.dealPipelines(), undefined, other)).status).toBe(200);
    expect(fake.calls.map((c) => [c.portalId, c.status])).toEqual([
      [PORTAL, 200],
      [PORTAL, 429],
      ['777', 200],
    ]);
  });
});
