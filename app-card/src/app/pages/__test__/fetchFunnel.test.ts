import { describe, expect, it, vi } from 'vitest';

import { fetchFunnel, funnelUrl, type FunnelRequest } from '../hooks/fetchFunnel.ts';
import { funnel, jsonResponse } from './fixtures.ts';

const request: FunnelRequest = {
  baseUrl: 'https://svc.example',
  range: { from: '2026-08-25', to: '2026-11-23' },
  timeoutMs: 10_000,
};

describe('fetchFunnel', () => {
  it('funnelUrl asks for the period (hubspot.fetch adds the portal)', () => {
    expect(funnelUrl(request)).toBe('https://svc.example/api/journey/funnel?from=2026-08-25&to=2026-11-23');
  });

  it('fetchFunnel(200 with a funnel) returns it, fetched with GET and the timeout', async () => {
    const fetcher = vi.fn(async () => jsonResponse(funnel));
    expect(await fetchFunnel(request, fetcher)).toEqual({ success: true, data: funnel });
    expect(fetcher).toHaveBeenCalledWith(funnelUrl(request), { method: 'GET', timeout: 10_000 });
  });

  it.each([
    [401, { kind: 'unauthorized', status: 401 }],
    [429, { kind: 'rate-limited' }],
    [502, { kind: 'server', status: 502 }],
  ])('fetchFunnel(HTTP %i) returns the failure as a value', async (status, error) => {
    expect(await fetchFunnel(request, async () => jsonResponse({ error: 'x', message: 'y' }, status))).toEqual({
      success: false,
      error,
    });
  });

  it("fetchFunnel(400) carries the service's message about the period", async () => {
    const answer = jsonResponse(
      { error: 'invalid_period', message: 'from (2026-12-01) is after to (2026-11-01)' },
      400,
    );
    expect(await fetchFunnel(request, async () => answer)).toEqual({
      success: false,
      error: { kind: 'refused', message: 'from (2026-12-01) is after to (2026-11-01)', errors: [] },
    });
  });

  it('fetchFunnel(answer without stages) names the unexpected fields', async () => {
    const result = await fetchFunnel(request, async () => jsonResponse({ ...funnel, stages: undefined }));
    expect(result).toEqual({
      success: false,
      error: { kind: 'invalid-response', detail: 'unexpected fields: stages' },
    });
  });

  it('fetchFunnel(connection fails) returns a network failure', async () => {
    const result = await fetchFunnel(request, async () => {
      throw new Error('socket hang up');
    });
    expect(result).toEqual({ success: false, error: { kind: 'network', message: 'socket hang up' } });
  });
});
