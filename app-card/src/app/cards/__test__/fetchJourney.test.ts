import { describe, expect, it, vi } from 'vitest';

import { fetchJourney, type Fetcher } from '../hooks/fetchJourney.ts';
import { jsonResponse, purchaseJourney } from './fixtures.ts';

const request = { baseUrl: 'https://journey-stages.example.com', contactId: 101, timeoutMs: 5000 };

const answering = (response: Response): Fetcher => vi.fn(async () => response);

describe('fetchJourney', () => {
  it('fetchJourney(valid journey) returns it parsed by the shared schema', async () => {
    const fetcher = answering(jsonResponse(purchaseJourney));
    const result = await fetchJourney(request, fetcher);
    expect(result).toEqual({ success: true, data: purchaseJourney });
    expect(fetcher).toHaveBeenCalledWith('https://journey-stages.example.com/api/journey/contacts/101', {
      method: 'GET',
      timeout: 5000,
    });
  });

  it('fetchJourney(journey with fields added later) still succeeds, as the contract allows', async () => {
    const result = await fetchJourney(request, answering(jsonResponse({ ...purchaseJourney, funnelRank: 3 })));
    expect(result.success).toBe(true);
  });

  it.each([
    [401, { kind: 'unauthorized', status: 401 }],
    [403, { kind: 'unauthorized', status: 403 }],
    [404, { kind: 'not-found' }],
    [429, { kind: 'rate-limited' }],
    [500, { kind: 'server', status: 500 }],
    [502, { kind: 'server', status: 502 }],
  ])('fetchJourney(HTTP %i) returns the failure %o', async (status, error) => {
    const result = await fetchJourney(request, answering(jsonResponse({ message: 'no' }, status)));
    expect(result).toEqual({ success: false, error });
  });

  it('fetchJourney(fetch rejects, e.g. a timeout) returns a network failure instead of throwing', async () => {
    const result = await fetchJourney(request, async () => {
      throw new Error('Request timed out');
    });
    expect(result).toEqual({ success: false, error: { kind: 'network', message: 'Request timed out' } });
  });

  it('fetchJourney(body is not JSON) returns an invalid-response failure', async () => {
    const result = await fetchJourney(request, answering(new Response('<html>502</html>', { status: 200 })));
    expect(result).toEqual({ success: false, error: { kind: 'invalid-response', detail: 'the answer is not JSON' } });
  });

  it('fetchJourney(journey with a bad timeline entry) names the offending field', async () => {
    const broken = { ...purchaseJourney, timeline: [{ ...purchaseJourney.timeline[0], direction: 'sideways' }] };
    const result = await fetchJourney(request, answering(jsonResponse(broken)));
    expect(result).toEqual({
      success: false,
      error: { kind: 'invalid-response', detail: 'unexpected fields: timeline.0.direction' },
    });
  });
});
