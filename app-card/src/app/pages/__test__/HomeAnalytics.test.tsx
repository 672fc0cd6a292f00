import { Button, EmptyState, ErrorState, hubspot, Link, LoadingSpinner, Select, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { FunnelPage } from '../components/FunnelPage.tsx';
import type { Cohorts, Stalled } from '@journey-stages/contract/analytics-schema';
import { fixedNow, funnel, jsonResponse } from './fixtures.ts';
import { triggerChange } from './triggerChange.ts';
// The 0.17 test renderer cannot unmount: a page left mounted would fetch into the next test's mock.
import { Unmountable, unmountAll } from '../../settings/__test__/unmountable.tsx';

const BASE = 'https://journey-stages.example.com/api/journey';
const never = () => new Promise<Response>(() => {});

const stalled: Stalled = {
  uiDomain: 'app-eu1.hubspot.com',
  contacts: [
    { contactId: '901', stage: 'consideration', daysInStage: 88.6, enteredAt: '2026-08-26T00:00:00.000Z' },
    { contactId: '902', stage: 'purchase', daysInStage: 61.2, enteredAt: '2026-09-22T00:00:00.000Z' },
  ],
};
const cohorts: Cohorts = {
  portalId: '62515',
  from: '2026-08-25T00:00:00.000Z',
  to: '2026-11-23T00:00:00.000Z',
  cohorts: [
    {
      start: '2026-09-01',
      size: 120,
      reached: { consideration: { '30': 0.5, '60': 0.6, '90': 0.65 }, purchase: { '30': 0.1, '60': 0.18, '90': 0.22 } },
    },
    { start: '2026-10-01', size: 80, reached: {} },
    // An empty month: the service answers null shares.
    { start: '2026-11-01', size: 0, reached: { purchase: { '30': null, '60': null, '90': null } } },
  ],
};

type Routes = {
  funnel?: () => Promise<Response>;
  stalled?: (url: string) => Promise<Response>;
  cohorts?: (url: string) => Promise<Response>;
};

function renderPage(routes: Routes) {
  const spy = vi.spyOn(hubspot, 'fetch').mockImplementation((input) => {
    const url = String(input);
    if (url.startsWith(`${BASE}/funnel?`)) return (routes.funnel ?? (async () => jsonResponse(funnel)))();
    if (url.startsWith(`${BASE}/stalled?`)) return (routes.stalled ?? never)(url);
    if (url.startsWith(`${BASE}/cohorts?`)) return (routes.cohorts ?? never)(url);
    throw new Error(`unexpected URL ${url}`);
  });
  const renderer = createRenderer('pages');
  // HubSpot sends the user's locale; the mock's user has none.
  renderer.mocks.useExtensionContext.willCall(() => ({
    ...renderer.mocks.context,
    user: { ...renderer.mocks.context.user, locale: 'en-us' },
  }));
  renderer.render(
    <Unmountable>
      <FunnelPage baseUrl="https://journey-stages.example.com" portalId={62515} now={() => fixedNow} />
    </Unmountable>,
  );
  const urls = (path: string) =>
    spy.mock.calls.map((c) => String(c[0])).filter((u) => u.startsWith(`${BASE}/${path}?`));
  return { ...renderer, urls };
}

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('home page: stalled now', () => {
  it('lists the stuck contacts longest first, linked to their records in the portal domain', async () => {
    const { findByTestId, waitFor, urls } = renderPage({ stalled: async () => jsonResponse(stalled) });
    await waitFor(() => expect(findByTestId(Link, 'stalled-link-901')).toBeDefined());
    expect(urls('stalled')).toEqual([`${BASE}/stalled?limit=25`]);
    expect(findByTestId(Link, 'stalled-link-901').props.href).toEqual({
      url: 'https://app-eu1.hubspot.com/contacts/62515/record/0-1/901',
      external: false,
    });
    expect(
      ['901', '902'].map((id) => [
        findByTestId(Text, `stalled-stage-${id}`).text,
        findByTestId(Text, `stalled-days-${id}`).text,
      ]),
    ).toEqual([
      ['Consideration', '88'],
      ['Purchase', '61'],
    ]);
  });

  it('switching to Behind asks for health=behind; an empty answer says nobody is behind', async () => {
    const { findByTestId, waitFor, urls } = renderPage({
      stalled: async (url) => jsonResponse(url.includes('health=behind') ? { contacts: [] } : stalled),
    });
    await waitFor(() => expect(findByTestId(Link, 'stalled-link-901')).toBeDefined());
    triggerChange(findByTestId(Select, 'stalled-health'), 'behind');
    await waitFor(() => expect(findByTestId(EmptyState, 'stalled-empty')).toBeDefined());
    expect(findByTestId(EmptyState, 'stalled-empty').props.title).toBe('No contact is behind right now');
    expect(urls('stalled').at(-1)).toBe(`${BASE}/stalled?limit=25&health=behind`);
  });

  it('shows a spinner while loading and an error state with a retry on failure', async () => {
    let fail = true;
    const { findByTestId, waitFor, urls } = renderPage({
      stalled: async () => (fail ? jsonResponse({ error: 'x' }, 503) : jsonResponse(stalled)),
    });
    await waitFor(() => expect(findByTestId(ErrorState, 'stalled-error')).toBeDefined());
    expect(findByTestId(Text, 'stalled-error-advice').text).toContain('HTTP 503');
    fail = false;
    findByTestId(Button, 'stalled-error-retry').trigger('onClick');
    await waitFor(() => expect(findByTestId(Link, 'stalled-link-902')).toBeDefined());
    expect(urls('stalled')).toHaveLength(2);
    const loading = renderPage({});
    await loading.waitFor(() => expect(loading.findByTestId(LoadingSpinner, 'stalled-loading')).toBeDefined());
  });
});

describe('home page: cohorts', () => {
  it('asks for the period and shows each month with its size and the 30 · 60 · 90-day shares per later stage', async () => {
    const { findByTestId, waitFor, urls } = renderPage({ cohorts: async () => jsonResponse(cohorts) });
    await waitFor(() => expect(findByTestId(Text, 'cohort-month-2026-09-01')).toBeDefined());
    expect(urls('cohorts')).toEqual([`${BASE}/cohorts?from=2026-08-25&to=2026-11-23`]);
    expect(findByTestId(Text, 'cohort-month-2026-09-01').text).toBe('Sep 2026');
    expect(findByTestId(Text, 'cohort-size-2026-09-01').text).toBe('120');
    expect(findByTestId(Text, 'cohort-2026-09-01-purchase').text).toBe('10% · 18% · 22%');
    expect(findByTestId(Text, 'cohort-2026-09-01-retention').text).toBe('–');
    expect(findByTestId(Text, 'cohort-2026-10-01-consideration').text).toBe('–');
    expect(findByTestId(Text, 'cohort-2026-11-01-purchase').text).toBe('– · – · –');
  });

  it('no cohort in the period: an empty state', async () => {
    const { findByTestId, waitFor } = renderPage({ cohorts: async () => jsonResponse({ ...cohorts, cohorts: [] }) });
    await waitFor(() => expect(findByTestId(EmptyState, 'cohorts-empty')).toBeDefined());
  });

  it('an answer that is not the cohorts JSON shows an error state, not a crash', async () => {
    const { findByTestId, waitFor } = renderPage({
      cohorts: async () => jsonResponse({ cohorts: [{ start: '2026-09-01' }] }),
    });
    await waitFor(() => expect(findByTestId(ErrorState, 'cohorts-error')).toBeDefined());
  });
});

describe('home page: segments', () => {
  it('picking Persona asks for segment=hs_persona and shows each persona by its label, entered and moved on per stage', async () => {
    const segmented = {
      ...funnel,
      segment: 'hs_persona',
      segments: [
        {
          value: 'persona_1',
          label: 'Ops Olivia',
          stages: funnel.stages.map((s) => ({
            ...s,
            entered: 10,
            conversionToNext: s.stage === 'consideration' ? 0.2 : 0.5,
          })),
        },
        {
          value: 'persona_2',
          label: 'CFO Carl',
          stages: funnel.stages.map((s) => ({ ...s, entered: 4, conversionToNext: 0.75 })),
        },
      ],
    };
    const funnelUrls: string[] = [];
    const spy = vi.spyOn(hubspot, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (!url.includes('/funnel?')) return never();
      funnelUrls.push(url);
      return jsonResponse(url.includes('segment=hs_persona') ? segmented : funnel);
    });
    const r = createRenderer('pages');
    r.render(
      <Unmountable>
        <FunnelPage baseUrl="https://journey-stages.example.com" portalId={62515} now={() => fixedNow} />
      </Unmountable>,
    );
    await r.waitFor(() => expect(r.findByTestId(Select, 'funnel-segment')).toBeDefined());
    expect(r.maybeFindByTestId(Text, 'segment-label-persona_1')).toBeNull();
    triggerChange(r.findByTestId(Select, 'funnel-segment'), 'hs_persona');
    await r.waitFor(() => expect(r.findByTestId(Text, 'segment-label-persona_1')).toBeDefined());
    expect(funnelUrls.at(-1)).toBe(`${BASE}/funnel?from=2026-08-25&to=2026-11-23&segment=hs_persona`);
    expect(r.findByTestId(Text, 'segment-label-persona_1').text).toBe('Ops Olivia');
    expect(r.findByTestId(Text, 'segment-persona_1-consideration').text).toBe('10, 20%');
    expect(r.findByTestId(Text, 'segment-persona_2-consideration').text).toBe('4, 75%');
    expect(spy).toHaveBeenCalled();
  });
});
