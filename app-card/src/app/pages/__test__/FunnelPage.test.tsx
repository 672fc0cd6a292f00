import {
  BarChart,
  Button,
  DateInput,
  EmptyState,
  ErrorState,
  hubspot,
  Link,
  LoadingSpinner,
  Select,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { FunnelPage } from '../components/FunnelPage.tsx';
import { triggerChange } from './triggerChange.ts';
import { emptyFunnel, fixedNow, funnel, jsonResponse } from './fixtures.ts';

const API = 'https://journey-stages.example.com/api/journey/funnel?';
const never = () => new Promise<Response>(() => {});

/**
 * The page asks for the funnel, then for the stalled list and the cohorts: `respond` answers
 * the funnel (fetchSpy sees only those calls), `respondOther` the rest (otherSpy).
 */
function renderPage(
  respond: (url: string) => Promise<Response>,
  respondOther: (url: string) => Promise<Response> = never,
) {
  const fetchSpy = vi.fn((url: string, _init?: unknown) => respond(url));
  const otherSpy = vi.fn((url: string) => respondOther(url));
  vi.spyOn(hubspot, 'fetch').mockImplementation((url, init) =>
    String(url).includes('/api/journey/funnel?') ? fetchSpy(String(url), init) : otherSpy(String(url)),
  );
  const renderer = createRenderer('pages');
  renderer.render(<FunnelPage baseUrl="https://journey-stages.example.com" portalId={62515} now={() => fixedNow} />);
  return { ...renderer, fetchSpy, otherSpy };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FunnelPage', () => {
  it('FunnelPage(first visit) asks for the last 90 days, today included, and shows a spinner meanwhile', async () => {
    const { findByTestId, fetchSpy } = renderPage(never);
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(1));
    expect(fetchSpy).toHaveBeenCalledWith(
      `${API}from=2026-08-25&to=2026-11-23`,
      expect.objectContaining({ method: 'GET', timeout: 10_000 }),
    );
    expect(findByTestId(LoadingSpinner, 'funnel-loading')).toBeDefined();
  });

  it('FunnelPage(funnel) shows every stage in model order: contacts now, entries, conversion, median time', async () => {
    const { findByTestId, findAll, waitFor } = renderPage(async () => jsonResponse(funnel));
    await waitFor(() => expect(findByTestId(Text, 'funnel-current-awareness')).toBeDefined());
    const column = (name: string) => funnel.stages.map((s) => findByTestId(Text, `funnel-${name}-${s.stage}`).text);
    expect(
      findAll(Link)
        .filter((l) => l.props.testId?.startsWith('funnel-link-'))
        .map((l) => l.text),
    ).toEqual(['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy']);
    expect(column('current')).toEqual(['812', '147', '8', '1,037', '7']);
    expect(column('entered')).toEqual(['240', '77', '15', '0', '5']);
    expect(column('conversion')).toEqual(['61%', '41%', '47%', '–', '–']);
    expect(column('median')).toEqual(['12.5 days', '29.7 days', '30 days', '–', '1 day']);
  });

  it('FunnelPage(funnel) says where contacts drop off and marks that stage in the table', async () => {
    const { findByTestId, waitFor } = renderPage(async () => jsonResponse(funnel));
    await waitFor(() => expect(findByTestId(Text, 'funnel-dropoff')).toBeDefined());
    expect(findByTestId(Text, 'funnel-dropoff').text).toBe('Most contacts stop at Consideration: 41% move on.');
    expect(findByTestId(Text, 'funnel-conversion-consideration').props.format).toEqual({ fontWeight: 'bold' });
    expect(findByTestId(Tag, 'funnel-dropoff-tag')).toBeDefined();
  });

  it('FunnelPage(funnel) charts contacts now and entries per stage, in model order', async () => {
    const { find, waitFor } = renderPage(async () => jsonResponse(funnel));
    await waitFor(() => expect(find(BarChart)).toBeDefined());
    const data = find(BarChart).props.data as Array<{ stage: string; measure: string; contacts: number }>;
    expect(data.filter((row) => row.measure === 'Contacts now').map((row) => [row.stage, row.contacts])).toEqual([
      ['Awareness', 812],
      ['Consideration', 147],
      ['Purchase', 8],
      ['Retention', 1037],
      ['Advocacy', 7],
    ]);
    expect(data.filter((row) => row.measure === 'Entered in the period').map((row) => row.contacts)).toEqual([
      240, 77, 15, 0, 5,
    ]);
  });

  it("each stage links to the portal's contacts index in HubSpot, and the page says which filter to add", async () => {
    const { findByTestId, waitFor } = renderPage(async () => jsonResponse(funnel));
    await waitFor(() => expect(findByTestId(Link, 'funnel-link-purchase')).toBeDefined());
    for (const { stage } of funnel.stages) {
      expect(findByTestId(Link, `funnel-link-${stage}`).props.href).toEqual({
        url: 'https://app.hubspot.com/contacts/62515/objects/0-1/views/all/list',
        external: true,
      });
    }
    expect(findByTestId(Text, 'funnel-filter-hint').text).toMatch(/"Journey stage"/);
  });

  it('FunnelPage(funnel with percentiles and stuck counts) shows p50 / p75 / p90 and who is stuck now, per stage', async () => {
    const withQuantiles = {
      ...funnel,
      stages: funnel.stages.map((s, i) => ({
        ...s,
        p50DaysInStage: i === 4 ? null : 10 + i,
        p75DaysInStage: i === 4 ? null : 20.5 + i,
        p90DaysInStage: i >= 3 ? null : 40 + i,
        stuck: i,
      })),
    };
    const { findByTestId, waitFor } = renderPage(async () => jsonResponse(withQuantiles));
    await waitFor(() => expect(findByTestId(Text, 'funnel-percentiles-awareness')).toBeDefined());
    const column = (name: string) => funnel.stages.map((s) => findByTestId(Text, `funnel-${name}-${s.stage}`).text);
    expect(column('percentiles')).toEqual([
      '10 / 20.5 / 40 days',
      '11 / 21.5 / 41 days',
      '12 / 22.5 / 42 days',
      '13 / 23.5 / – days',
      '–',
    ]);
    expect(column('stuck')).toEqual(['0', '1', '2', '3', '4']);
  });

  it('an answer without percentiles (an older service) shows no empty columns', async () => {
    const { findByTestId, maybeFindByTestId, waitFor } = renderPage(async () => jsonResponse(funnel));
    await waitFor(() => expect(findByTestId(Text, 'funnel-current-awareness')).toBeDefined());
    expect(maybeFindByTestId(Text, 'funnel-percentiles-awareness')).toBeNull();
    expect(maybeFindByTestId(Text, 'funnel-stuck-awareness')).toBeNull();
  });

  it("links go to the portal's own HubSpot domain (an EU portal)", async () => {
    const { findByTestId, waitFor } = renderPage(async () =>
      jsonResponse({ ...funnel, uiDomain: 'app-eu1.hubspot.com' }),
    );
    await waitFor(() => expect(findByTestId(Link, 'funnel-link-purchase')).toBeDefined());
    expect(findByTestId(Link, 'funnel-link-purchase').props.href).toEqual({
      url: 'https://app-eu1.hubspot.com/contacts/62515/objects/0-1/views/all/list',
      external: true,
    });
  });

  it('FunnelPage(period changed to the last 30 days) asks again for those days', async () => {
    const { findByTestId, waitFor, fetchSpy } = renderPage(async () => jsonResponse(funnel));
    await waitFor(() => expect(findByTestId(Select, 'funnel-period')).toBeDefined());
    triggerChange(findByTestId(Select, 'funnel-period'), 'last-30');
    await waitFor(() =>
      expect(fetchSpy).toHaveBeenLastCalledWith(`${API}from=2026-10-24&to=2026-11-23`, expect.anything()),
    );
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });

  it('FunnelPage(between two days) asks from the first day to the day after the last', async () => {
    const { findByTestId, waitFor, fetchSpy } = renderPage(async () => jsonResponse(funnel));
    await waitFor(() => expect(findByTestId(Select, 'funnel-period')).toBeDefined());
    triggerChange(findByTestId(Select, 'funnel-period'), 'between');
    await waitFor(() => expect(findByTestId(DateInput, 'funnel-from')).toBeDefined());
    triggerChange(findByTestId(DateInput, 'funnel-from'), { year: 2026, month: 0, date: 1 });
    await waitFor(() =>
      expect(findByTestId(DateInput, 'funnel-from').props.value).toEqual({ year: 2026, month: 0, date: 1 }),
    );
    triggerChange(findByTestId(DateInput, 'funnel-to'), { year: 2026, month: 2, date: 31 });
    await waitFor(() =>
      expect(fetchSpy).toHaveBeenLastCalledWith(`${API}from=2026-01-01&to=2026-04-01`, expect.anything()),
    );
  });

  it('FunnelPage(first day after last day) explains the mistake and asks nothing', async () => {
    const { findByTestId, waitFor, fetchSpy } = renderPage(async () => jsonResponse(funnel));
    await waitFor(() => expect(findByTestId(Select, 'funnel-period')).toBeDefined());
    triggerChange(findByTestId(Select, 'funnel-period'), 'between');
    await waitFor(() => expect(findByTestId(DateInput, 'funnel-to')).toBeDefined());
    const callsBefore = fetchSpy.mock.calls.length;
    triggerChange(findByTestId(DateInput, 'funnel-to'), { year: 2026, month: 7, date: 1 });
    await waitFor(() =>
      expect(findByTestId(DateInput, 'funnel-to').props.validationMessage).toBe(
        'The first day must not be after the last day.',
      ),
    );
    expect(fetchSpy.mock.calls.length).toBe(callsBefore);
  });

  it('FunnelPage(no contact has a stage yet) shows an empty state that points to the backfill on the settings page', async () => {
    const { findByTestId, waitFor } = renderPage(async () => jsonResponse(emptyFunnel));
    await waitFor(() => expect(findByTestId(EmptyState, 'funnel-empty')).toBeDefined());
    expect(findByTestId(Text, 'funnel-empty-advice').text).toMatch(/settings page shows the progress/);
  });

  it('FunnelPage(contacts exist, nobody entered a stage in the period) says so instead of a drop-off', async () => {
    const quiet = {
      ...funnel,
      stages: funnel.stages.map((s) => ({ ...s, entered: 0, conversionToNext: null, medianDaysInStage: null })),
    };
    const { findByTestId, waitFor } = renderPage(async () => jsonResponse(quiet));
    await waitFor(() => expect(findByTestId(Text, 'funnel-dropoff')).toBeDefined());
    expect(findByTestId(Text, 'funnel-dropoff').text).toBe(
      'No contact entered a stage in this period, so there is no drop-off to show.',
    );
  });

  it('FunnelPage(401) says who should check which setting, and Try again asks once more', async () => {
    let status = 401;
    const { find, findByTestId, waitFor, fetchSpy } = renderPage(async () =>
      status === 401 ? jsonResponse({ error: 'invalid_signature' }, 401) : jsonResponse(funnel),
    );
    await waitFor(() => expect(find(ErrorState)).toBeDefined());
    expect(findByTestId(Text, 'funnel-error-advice').text).toMatch(/PUBLIC_BASE_URL/);
    status = 200;
    findByTestId(Button, 'funnel-error-retry').trigger('onClick');
    await waitFor(() => expect(findByTestId(Text, 'funnel-dropoff')).toBeDefined());
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });

  it('FunnelPage(period changed while the first answer is in flight) keeps the newer answer', async () => {
    const answers: Array<(r: Response) => void> = [];
    const { findByTestId, waitFor, fetchSpy } = renderPage(() => new Promise((resolve) => answers.push(resolve)));
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(1));
    triggerChange(findByTestId(Select, 'funnel-period'), 'last-30');
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(2));
    answers[1]?.(jsonResponse({ ...funnel, stages: funnel.stages.map((s) => ({ ...s, current: 30 })) }));
    await waitFor(() => expect(findByTestId(Text, 'funnel-current-awareness').text).toBe('30'));
    answers[0]?.(jsonResponse(funnel));
    await new Promise((r) => setTimeout(r, 0));
    expect(findByTestId(Text, 'funnel-current-awareness').text).toBe('30');
  });
});
