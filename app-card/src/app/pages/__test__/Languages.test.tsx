import { hubspot, Link, Select, TableHeader, Text } from '@hubspot/ui-extensions';
import { PageHeader, PageTitle } from '@hubspot/ui-extensions/pages';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Cohorts, Stalled } from '@journey-stages/contract/analytics-schema';
import { JourneyPages } from '../components/JourneyPages.tsx';
import { funnel, jsonResponse } from './fixtures.ts';
import { LEAKED, shownWords } from '../../settings/__test__/shownWords.ts';
import { Unmountable, unmountAll } from '../../settings/__test__/unmountable.tsx';

const BASE = 'https://journey-stages.example.com/api/journey';
const stalled: Stalled = {
  uiDomain: 'app-eu1.hubspot.com',
  contacts: [{ contactId: '901', stage: 'consideration', daysInStage: 88.6, enteredAt: '2026-08-26T00:00:00.000Z' }],
};
const cohorts: Cohorts = {
  portalId: '62515',
  from: '2026-08-25T00:00:00.000Z',
  to: '2026-11-23T00:00:00.000Z',
  cohorts: [{ start: '2026-09-01', size: 1200, reached: { purchase: { '30': 0.1, '60': 0.18, '90': 0.22 } } }],
};

/** The English the home page shows, none of which may remain in another catalog's language. */
const ENGLISH = [
  'Journey funnel',
  'Open contacts',
  'Period',
  'Last 90 days',
  'Split by',
  'Everyone',
  'Contacts now',
  'Entered in the period',
  'most stop here',
  'By segment',
  'Stalled now',
  'Show contacts that are',
  'Days in stage',
  'Cohorts',
  'First entry',
];

async function renderHome(locale: string) {
  vi.spyOn(hubspot, 'fetch').mockImplementation(async (input) => {
    const url = String(input);
    if (url.startsWith(`${BASE}/funnel?`)) return jsonResponse(funnel);
    if (url.startsWith(`${BASE}/stalled?`)) return jsonResponse(stalled);
    if (url.startsWith(`${BASE}/cohorts?`)) return jsonResponse(cohorts);
    throw new Error(`unexpected URL ${url}`);
  });
  const renderer = createRenderer('pages');
  renderer.mocks.useExtensionContext.willCall(() => ({
    ...renderer.mocks.context,
    user: { ...renderer.mocks.context.user, locale },
    portal: { id: 62515, timezone: 'Europe/Berlin' },
    variables: { SERVICE_URL: 'https://journey-stages.example.com' },
  }));
  renderer.render(
    <Unmountable>
      <JourneyPages />
    </Unmountable>,
  );
  await renderer.waitFor(() => expect(renderer.findByTestId(Text, 'cohort-month-2026-09-01')).toBeDefined());
  await renderer.waitFor(() => expect(renderer.findByTestId(Link, 'stalled-link-901')).toBeDefined());
  return renderer;
}

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('the home page in the user language (context.user.locale)', () => {
  it('de-de: German words, German numbers and months, no English label left', async () => {
    const page = await renderHome('de-de');
    expect(page.find(PageTitle).text).toBe('Journey-Funnel');
    expect(page.findByTestId(PageHeader.Link, 'pages-contacts-link').text).toBe('Kontakte öffnen');
    expect(page.findByTestId(Text, 'funnel-dropoff').text).toBe(
      'Die meisten Kontakte bleiben in Consideration stehen: 41\u00a0% gehen weiter.',
    );
    expect(page.findByTestId(Select, 'funnel-period').props.label).toBe('Zeitraum');
    expect(page.findAll(TableHeader).map((h) => h.text)).toContain('Im Zeitraum hinzugekommen');
    expect(page.findByTestId(Text, 'funnel-median-awareness').text).toBe('12,5 Tage');
    expect(page.findByTestId(Text, 'funnel-current-retention').text).toBe('1.037');
    expect(page.findByTestId(Link, 'stalled-link-901').text).toBe('Kontakt 901');
    expect(page.findByTestId(Text, 'cohort-month-2026-09-01').text).toBe('Sept. 2026');
    expect(page.findByTestId(Text, 'cohort-size-2026-09-01').text).toBe('1.200');
    const words = shownWords(page);
    expect(words.length).toBeGreaterThan(40);
    for (const english of ENGLISH) expect(words).not.toContain(english);
    for (const w of words) expect(w).not.toMatch(LEAKED);
  });

  it('fr-fr: French words and French number spacing', async () => {
    const page = await renderHome('fr-fr');
    expect(page.find(PageTitle).text).toBe('Entonnoir du parcours');
    expect(page.findByTestId(Text, 'funnel-dropoff').text).toBe(
      "La plupart des contacts s'arrêtent à l'étape Consideration : 41\u00a0% passent à la suite.",
    );
    expect(page.findByTestId(Text, 'funnel-current-retention').text).toBe('1\u202f037');
    const words = shownWords(page);
    for (const english of ENGLISH) expect(words).not.toContain(english);
    for (const w of words) expect(w).not.toMatch(LEAKED);
  });

  it('ja-jp, a language without a catalog: the English words', async () => {
    const page = await renderHome('ja-jp');
    expect(page.find(PageTitle).text).toBe('Journey funnel');
    expect(page.findByTestId(PageHeader.Link, 'pages-contacts-link').text).toBe('Open contacts');
    expect(page.findByTestId(Text, 'funnel-dropoff').text).toBe('Most contacts stop at Consideration: 41% move on.');
    expect(page.findByTestId(Select, 'funnel-period').props.label).toBe('Period');
    for (const w of shownWords(page)) expect(w).not.toMatch(LEAKED);
  });
});
