import { EmptyState, ErrorState, Link, Select, Text, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { FunnelHome } from '../components/FunnelHome.tsx';
import type { Funnel } from '../hooks/useFunnel.ts';

const now = () => new Date('2026-11-22T15:00:00.000Z');
const funnel: Funnel = {
  portalId: '62515',
  model: { id: 'classic-5', label: 'Classic (5 stages)', stages: ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'].map((id) => ({ id, label: id[0]!.toUpperCase() + id.slice(1) })) },
  from: '2026-08-25T00:00:00.000Z',
  to: '2026-11-23T00:00:00.000Z',
  stages: [
    { stage: 'awareness', current: 812, entered: 240, conversionToNext: 0.61, medianDaysInStage: 12.5 },
    { stage: 'consideration', current: 147, entered: 77, conversionToNext: 0.1, medianDaysInStage: 29.7 },
    { stage: 'purchase', current: 8, entered: 15, conversionToNext: 0.47, medianDaysInStage: 30 },
    { stage: 'retention', current: 37, entered: 0, conversionToNext: null, medianDaysInStage: null },
    { stage: 'advocacy', current: 7, entered: 5, conversionToNext: null, medianDaysInStage: null },
  ],
};
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderHome(respond: (url: string) => Promise<Response>) {
  const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation((url) => respond(String(url)));
  const renderer = createRenderer('pages');
  renderer.render(<FunnelHome portalId={62515} now={now} />);
  return { ...renderer, fetchSpy };
}

afterEach(() => vi.restoreAllMocks());

describe('FunnelHome', () => {
  it('FunnelHome(funnel) shows every stage in order with contacts now and conversion', async () => {
    const { findByTestId, waitFor } = renderHome(async () => json(funnel));
    await waitFor(() => expect(findByTestId(Text, 'funnel-awareness-current')).toBeDefined());
    expect(funnel.stages.map((s) => findByTestId(Text, `funnel-${s.stage}-current`).text)).toEqual(['812', '147', '8', '37', '7']);
    expect(findByTestId(Text, 'funnel-consideration-conversion').text).toBe('10%');
    expect(findByTestId(Text, 'funnel-advocacy-conversion').text).toBe('–');
  });

  it('FunnelHome says where contacts drop off: the lowest conversion among stages entered in the period', async () => {
    const { findByTestId, waitFor } = renderHome(async () => json(funnel));
    await waitFor(() => expect(findByTestId(Text, 'funnel-dropoff')).toBeDefined());
    expect(findByTestId(Text, 'funnel-dropoff').text).toBe('Most contacts stop at Consideration: 10% move on.');
  });

  it("each stage links to the portal's contacts in HubSpot", async () => {
    const { findByTestId, waitFor } = renderHome(async () => json(funnel));
    await waitFor(() => expect(findByTestId(Link, 'funnel-purchase-link')).toBeDefined());
    expect(findByTestId(Link, 'funnel-purchase-link').props.href).toEqual({ url: 'https://app.hubspot.com/contacts/62515/objects/0-1/views/all/list', external: true });
  });

  it('asks for the last 90 days by default, and the chosen period when it changes', async () => {
    const { findByTestId, waitFor, fetchSpy } = renderHome(async () => json(funnel));
    await waitFor(() => expect(fetchSpy).toHaveBeenCalledWith(
      'https://journey-stages.example.com/api/journey/funnel?portalId=62515&from=2026-08-25&to=2026-11-23', expect.objectContaining({ method: 'GET' })));
    findByTestId(Select, 'funnel-period').trigger('onChange', 30 as never);
    await waitFor(() => expect(fetchSpy).toHaveBeenLastCalledWith(
      'https://journey-stages.example.com/api/journey/funnel?portalId=62515&from=2026-10-24&to=2026-11-23', expect.anything()));
  });

  it('no contact with a stage yet: an empty state that points to the backfill', async () => {
    const { find, waitFor } = renderHome(async () => json({ ...funnel, stages: funnel.stages.map((s) => ({ ...s, current: 0 })) }));
    await waitFor(() => expect(find(EmptyState)).toBeDefined());
  });

  it('a failing service: an error state that says what to do', async () => {
    const { find, findAll, waitFor } = renderHome(async () => json({ error: 'invalid_signature' }, 401));
    await waitFor(() => expect(find(ErrorState)).toBeDefined());
    expect(findAll(Text).some((t) => /PUBLIC_BASE_URL/.test(t.text ?? ''))).toBe(true);
  });
});
