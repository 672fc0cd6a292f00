import { afterEach, describe, expect, it } from 'vitest';
import { HubSpotErrorBody, RateLimitErrorBody } from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import { startFake, stopFakes } from './start-fake.ts';

afterEach(stopFakes);

describe('faults.add', () => {
  it('fails exactly the set number of matching requests, then answers normally', async () => {
    const { call, fake } = await startFake();
    fake.faults.add({ path: /\/batch\/read$/, status: 503, times: 2 });
    const read = () =>
      call('POST', hubspotPaths.contactsBatchRead(), { inputs: [], properties: [], propertiesWithHistory: [] });
    expect((await call('GET', hubspotPaths.dealPipelines())).status).toBe(200);
    const statuses = [(await read()).status, (await read()).status, (await read()).status];
    expect(statuses).toEqual([503, 503, 200]);
    expect(fake.faults.pending()).toBe(0);
    expect(fake.calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'POST 503', 'POST 503', 'POST 200']);
  });

  it('matches on method and answers 5xx with a HubSpot error body', async () => {
    const { call, fake } = await startFake();
    fake.faults.add({ method: 'GET', status: 502, times: 1 });
    expect(
      (await call('POST', hubspotPaths.contactsBatchRead(), { inputs: [], properties: [], propertiesWithHistory: [] }))
        .status,
    ).toBe(200);
    const failed = await call('GET', hubspotPaths.dealPipelines());
    expect(failed.status).toBe(502);
    HubSpotErrorBody.parse(await failed.json());
  });

  it('injects 429s with the rate-limit body even under the limit', async () => {
    const { call, fake } = await startFake();
    fake.faults.add({ status: 429, times: 1 });
    const res = await call('GET', hubspotPaths.dealPipelines());
    expect(res.status).toBe(429);
    expect(RateLimitErrorBody.parse(await res.json()).policyName).toBe('TEN_SECONDLY_ROLLING');
  });

  it('with delayMs holds the answer long enough for a client timeout to fire', async () => {
    const { baseUrl, token, fake } = await startFake();
    fake.faults.add({ delayMs: 2_000, times: 1 });
    const slow = fetch(`${baseUrl}${hubspotPaths.dealPipelines()}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(50),
    });
    await expect(slow).rejects.toThrow(/timeout|aborted/i);
  });

  it('refuses times below 1', async () => {
    const { fake } = await startFake();
    expect(() => fake.faults.add({ status: 500, times: 0 })).toThrow(/times/);
  });
});
