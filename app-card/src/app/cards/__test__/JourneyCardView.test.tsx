import {
  Button,
  EmptyState,
  ErrorState,
  hubspot,
  Link,
  LoadingSpinner,
  StepIndicator,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { JourneyCardView } from '../components/JourneyCardView.tsx';
import { emptyJourney, fixedNow, jsonResponse, purchaseJourney, regressedJourney } from './fixtures.ts';

function renderCard(
  respond: () => Promise<Response>,
  variables: Record<string, string> = { SERVICE_URL: 'https://journey-stages.example.com' },
) {
  const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation(respond);
  const renderer = createRenderer('crm.record.tab');
  const context = {
    ...renderer.mocks.context,
    portal: { id: 62515, timezone: 'America/New_York' },
    crm: { objectId: 101, objectTypeId: '0-1' },
    variables,
  };
  renderer.render(<JourneyCardView context={context} actions={renderer.mocks.actions} now={() => fixedNow} />);
  return { ...renderer, fetchSpy };
}

const never = () => new Promise<Response>(() => {});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JourneyCardView', () => {
  it('JourneyCardView(request in flight) shows a loading spinner', async () => {
    const { findByTestId, fetchSpy } = renderCard(never);
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalled());
    expect(findByTestId(LoadingSpinner, 'journey-loading').props.label).toMatch(/journey/);
  });

  it("JourneyCardView asks the journey API for the record's contact and portal, signed by hubspot.fetch", async () => {
    const { fetchSpy } = renderCard(never);
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalled());
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(fetchSpy).toHaveBeenCalledWith(
      'https://journey-stages.example.com/api/journey/contacts/101',
      expect.objectContaining({ method: 'GET', timeout: 10_000 }),
    );
  });

  it("JourneyCardView asks the service at the config profile's SERVICE_URL, from context.variables", async () => {
    const { fetchSpy } = renderCard(never, { SERVICE_URL: 'https://journey.acme-crm.io/' });
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalled());
    expect(fetchSpy.mock.calls[0]?.[0]).toBe('https://journey.acme-crm.io/api/journey/contacts/101');
  });

  it.each([
    ['no SERVICE_URL', {}, /no SERVICE_URL/],
    ['an http SERVICE_URL', { SERVICE_URL: 'http://localhost:3000' }, /not an https URL/],
  ])(
    'JourneyCardView(%s) fetches nothing and tells the installer to upload with a profile',
    (_name, variables, reason) => {
      const { findByTestId, fetchSpy } = renderCard(never, variables);
      expect(findByTestId(ErrorState, 'service-url-missing')).toBeDefined();
      const advice = findByTestId(Text, 'service-url-missing-advice').text;
      expect(advice).toMatch(reason);
      expect(advice).toMatch(/hs project upload --profile <name>/);
      expect(fetchSpy).not.toHaveBeenCalled();
    },
  );

  it('JourneyCardView(purchase journey) shows the stage model with purchase as the current step', async () => {
    const { waitFor, find } = renderCard(async () => jsonResponse(purchaseJourney));
    await waitFor(() => expect(find(StepIndicator)).toBeDefined());
    const steps = find(StepIndicator);
    expect(steps.props.stepNames).toEqual(['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy']);
    expect(steps.props.currentStep).toBe(2);
  });

  it('JourneyCardView(purchase journey) says since when and for how long, in the portal time zone', async () => {
    const { waitFor, findByTestId } = renderCard(async () => jsonResponse(purchaseJourney));
    await waitFor(() => expect(findByTestId(Text, 'journey-since')).toBeDefined());
    expect(findByTestId(Text, 'journey-since').text).toBe('Purchase since 2 Mar 2026 · 12 days');
  });

  it('JourneyCardView(purchase journey) lists the timeline oldest first with date, stage and reason', async () => {
    const { waitFor, findAll, findByTestId } = renderCard(async () => jsonResponse(purchaseJourney));
    await waitFor(() => expect(findByTestId(Text, 'timeline-row-0-stage')).toBeDefined());
    const rows = findAll(TableRow).filter((row) => row.props.testId?.startsWith('timeline-row-'));
    expect(rows).toHaveLength(3);
    const columns = (i: number) =>
      ['date', 'stage', 'reason'].map((part) => findByTestId(Text, `timeline-row-${i}-${part}`).text);
    expect(columns(0)).toEqual(['5 Jan 2026', 'Awareness', 'Contact created']);
    expect(columns(1)).toEqual(['20 Jan 2026', 'Consideration', 'First deal created']);
    expect(columns(2)).toEqual(['2 Mar 2026', 'Purchase', 'Deal won']);
  });

  it('JourneyCardView(purchase journey) links the deal that moved the contact to its HubSpot record', async () => {
    const { waitFor, findByTestId } = renderCard(async () => jsonResponse(purchaseJourney));
    await waitFor(() => expect(findByTestId(Link, 'timeline-row-2-evidence-deal-555')).toBeDefined());
    const link = findByTestId(Link, 'timeline-row-2-evidence-deal-555');
    expect(link.text).toBe('Deal 555');
    expect(link.props.href).toEqual({ url: 'https://app.hubspot.com/contacts/62515/record/0-3/555', external: false });
    expect(findByTestId(Text, 'timeline-row-0-evidence-0').text).toBe('Contact · createdate');
    expect(findByTestId(Text, 'timeline-row-2-evidence-0').text).toBe(' · closedate');
  });

  it('JourneyCardView(regressed journey) marks the regression and the observed time', async () => {
    const { waitFor, findByTestId, maybeFindByTestId, findAll } = renderCard(async () =>
      jsonResponse(regressedJourney),
    );
    await waitFor(() => expect(findByTestId(Tag, 'timeline-row-3-regression')).toBeDefined());
    expect(findByTestId(Tag, 'timeline-row-3-regression').props.variant).toBe('error');
    expect(findByTestId(Tag, 'timeline-row-3-regression').text).toBe('Regression');
    expect(findAll(Tag, { variant: 'error' })).toHaveLength(1);
    expect(findByTestId(Text, 'timeline-row-3-observed').text).toMatch(/observed/);
    expect(maybeFindByTestId(Text, 'timeline-row-2-observed')).toBeNull();
    expect(findByTestId(Text, 'journey-since').text).toBe('Consideration since 10 Mar 2026 · 4 days');
    expect(findByTestId(StepIndicator, 'journey-stages').props.currentStep).toBe(1);
  });

  it('JourneyCardView(no timeline entries) shows the empty state and checks again on request', async () => {
    const { waitFor, findByTestId, fetchSpy } = renderCard(async () => jsonResponse(emptyJourney));
    await waitFor(() => expect(findByTestId(EmptyState, 'journey-empty')).toBeDefined());
    expect(findByTestId(EmptyState, 'journey-empty').props.title).toBe('No journey recorded yet');
    fetchSpy.mockImplementation(async () => jsonResponse(purchaseJourney));
    findByTestId(Button, 'journey-empty-retry').trigger('onClick');
    await waitFor(() => expect(findByTestId(StepIndicator, 'journey-stages')).toBeDefined());
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });
});

describe('JourneyCardView errors', () => {
  it('JourneyCardView(401) tells the admin to check the signature configuration', async () => {
    const { waitFor, findByTestId } = renderCard(async () => jsonResponse({ message: 'bad signature' }, 401));
    await waitFor(() => expect(findByTestId(ErrorState, 'journey-error')).toBeDefined());
    expect(findByTestId(ErrorState, 'journey-error').props.title).toBe('Journey Stages could not verify this request');
    const advice = findByTestId(Text, 'journey-error-advice').text;
    expect(advice).toContain('PUBLIC_BASE_URL');
    expect(advice).toContain('HUBSPOT_CLIENT_SECRET');
  });

  it('JourneyCardView(404) says the contact is not in HubSpot and reloads the page on request', async () => {
    const { waitFor, findByTestId, mocks } = renderCard(async () => jsonResponse({ message: 'no contact' }, 404));
    await waitFor(() => expect(findByTestId(ErrorState, 'journey-error')).toBeDefined());
    expect(findByTestId(ErrorState, 'journey-error').props.title).toBe('Contact not found in HubSpot');
    expect(findByTestId(Text, 'journey-error-advice').text).toContain('101');
    findByTestId(Button, 'journey-error-reload').trigger('onClick');
    expect(mocks.actions.reloadPage.callCount).toBe(1);
  });

  it('JourneyCardView(network failure) offers a retry that fetches again and then shows the journey', async () => {
    const { waitFor, findByTestId, fetchSpy } = renderCard(async () => {
      throw new Error('Request timed out');
    });
    await waitFor(() => expect(findByTestId(ErrorState, 'journey-error')).toBeDefined());
    expect(findByTestId(ErrorState, 'journey-error').props.title).toBe('Journey Stages could not be reached');
    fetchSpy.mockImplementation(async () => jsonResponse(purchaseJourney));
    findByTestId(Button, 'journey-error-retry').trigger('onClick');
    await waitFor(() => expect(findByTestId(Text, 'journey-since')).toBeDefined());
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });

  it('JourneyCardView(503) asks to try again later', async () => {
    const { waitFor, findByTestId } = renderCard(async () => new Response('upstream down', { status: 503 }));
    await waitFor(() => expect(findByTestId(ErrorState, 'journey-error')).toBeDefined());
    expect(findByTestId(Text, 'journey-error-advice').text).toContain('HTTP 503');
    expect(findByTestId(Button, 'journey-error-retry')).toBeDefined();
  });

  it('JourneyCardView(malformed JSON) shows an error state instead of crashing', async () => {
    const { waitFor, findByTestId } = renderCard(async () => new Response('{"portalId": "62515", ', { status: 200 }));
    await waitFor(() => expect(findByTestId(ErrorState, 'journey-error')).toBeDefined());
    expect(findByTestId(ErrorState, 'journey-error').props.title).toBe(
      'Journey Stages sent an answer this card cannot read',
    );
  });

  it('JourneyCardView(JSON not matching the journey schema) shows an error state instead of crashing', async () => {
    const broken = { ...purchaseJourney, timeline: [{ stage: 'purchase', enteredAt: 'yesterday' }] };
    const { waitFor, findByTestId, maybeFind } = renderCard(async () => jsonResponse(broken));
    await waitFor(() => expect(findByTestId(ErrorState, 'journey-error')).toBeDefined());
    expect(maybeFind(StepIndicator)).toBeNull();
  });
});
