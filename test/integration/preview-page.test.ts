import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Journey } from '@journey-stages/contract/journey';
import { previewRouter } from '../../src/api/preview/preview-router.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { expectNoOpenBrowsers, withBrowser } from '../helpers/browser.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const repoPath = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const screenshot = repoPath('test-results/preview-contact.png');
// README.md shows this file; it changes only when someone asks for it (UPDATE_SCREENSHOTS=1).
const docsScreenshot = repoPath('docs/preview.png');

// Tests are type-checked without the DOM library: the one browser API called in the page.
type BrowserGlobals = { getComputedStyle(element: unknown): { color: string } };

const behindScreenshot = repoPath('test-results/preview-behind-contact.png');
const deal = (id: string, property: string, value: string) => ({ object: 'deal' as const, id, property, value });

/** A customer who bought, had the deal taken back, bought again and stayed: every kind of entry. */
const demo: Journey = {
  portalId: '62515',
  contactId: '101',
  model: {
    id: 'classic-5',
    label: 'Classic (5 stages)',
    stages: [
      { id: 'awareness', label: 'Awareness' },
      { id: 'consideration', label: 'Consideration' },
      { id: 'purchase', label: 'Purchase' },
      { id: 'retention', label: 'Retention' },
      { id: 'advocacy', label: 'Advocacy' },
    ],
  },
  current: { stage: 'retention', enteredAt: '2026-02-11T11:00:00.000Z' },
  timeline: [
    {
      stage: 'awareness',
      enteredAt: '2025-11-03T14:20:00.000Z',
      direction: 'advance',
      reason: 'Contact created',
      evidence: [{ object: 'contact', id: '101', property: 'createdate', value: '2025-11-03T14:20:00.000Z' }],
    },
    {
      stage: 'consideration',
      enteredAt: '2025-11-18T10:05:00.000Z',
      direction: 'advance',
      reason: 'Lifecycle stage set to Marketing qualified lead on 18 Nov 2025',
      evidence: [
        { object: 'contact', id: '101', property: 'lifecyclestage', value: 'marketingqualifiedlead' },
        {
          object: 'contact',
          id: '101',
          property: 'hs_lifecyclestage_marketingqualifiedlead_date',
          value: '2025-11-18T10:05:00.000Z',
        },
      ],
    },
    {
      stage: 'purchase',
      enteredAt: '2025-12-15T16:30:00.000Z',
      direction: 'advance',
      reason: 'First deal won: Starter plan, 15 Dec 2025',
      evidence: [deal('555', 'closedate', '2025-12-15T16:30:00.000Z')],
    },
    {
      stage: 'consideration',
      enteredAt: '2025-12-22T09:00:00.000Z',
      direction: 'regression',
      reason: 'Back from Purchase: First deal created: Starter plan, 1 Dec 2025',
      evidence: [deal('555', 'createdate', '2025-12-01T08:00:00.000Z')],
      observed: true,
    },
    {
      stage: 'purchase',
      enteredAt: '2026-01-12T11:00:00.000Z',
      direction: 'advance',
      reason: 'First deal won: Annual plan, 12 Jan 2026',
      evidence: [deal('777', 'closedate', '2026-01-12T11:00:00.000Z')],
    },
    {
      stage: 'retention',
      enteredAt: '2026-02-11T11:00:00.000Z',
      direction: 'advance',
      reason: '30 days since Purchase (11 Feb 2026)',
      evidence: [deal('777', 'closedate', '2026-01-12T11:00:00.000Z')],
    },
  ],
  updatedAt: '2026-02-11T11:00:02.400Z',
};

/**
 * A contact behind in Consideration against the portal's own dwell times: the guidance of the
 * preset, its last NPS and CSAT answers, and the touchpoints of each stay. README.md shows it.
 */
const classic5 = presets['classic-5']!;
const behind: Journey = {
  portalId: '62515',
  contactId: '202',
  model: {
    id: classic5.id,
    label: classic5.label,
    stages: classic5.stages.map(({ id, label, guidance }) => ({ id, label, ...(guidance ? { guidance } : {}) })),
  },
  current: { stage: 'consideration', enteredAt: '2026-02-01T09:30:00.000Z' },
  highest: { stage: 'consideration', enteredAt: '2026-02-01T09:30:00.000Z' },
  timeline: [
    {
      stage: 'awareness',
      enteredAt: '2026-01-20T08:00:00.000Z',
      direction: 'advance',
      reason: 'Contact created',
      evidence: [{ object: 'contact', id: '202', property: 'createdate', value: '2026-01-20T08:00:00.000Z' }],
    },
    {
      stage: 'consideration',
      enteredAt: '2026-02-01T09:30:00.000Z',
      direction: 'advance',
      reason: 'First deal created: Team plan, 1 Feb 2026',
      evidence: [deal('901', 'createdate', '2026-02-01T09:30:00.000Z')],
    },
  ],
  updatedAt: '2026-03-13T07:00:00.000Z',
  health: { status: 'behind', daysInStage: 41.1, p50Days: 18, p75Days: 31, p90Days: 55, basis: 212 },
  forecast: { withinDays: 30, probability: 0.18, basis: 96 },
  satisfaction: [
    { kind: 'nps', value: 7, at: '2026-02-20T10:00:00.000Z' },
    { kind: 'csat', value: 4, at: '2026-03-02T15:00:00.000Z' },
  ],
  touchpointsStatus: 'ok',
  touchpoints: [
    {
      stage: 'awareness',
      enteredAt: '2026-01-20T08:00:00.000Z',
      counts: { email: 2, call: 0, meeting: 0, ticket: 0, form: 1 },
      recent: [
        { type: 'form', at: '2026-01-20T08:00:00.000Z', id: 'form', title: 'Ebook download: Resources' },
        { type: 'email', at: '2026-01-25T12:00:00.000Z', id: '5001', title: 'Your guide to getting started' },
      ],
    },
    {
      stage: 'consideration',
      enteredAt: '2026-02-01T09:30:00.000Z',
      counts: { email: 3, call: 1, meeting: 1, ticket: 0, form: 0 },
      recent: [
        { type: 'call', at: '2026-02-02T14:00:00.000Z', id: '7001', title: 'Discovery call' },
        { type: 'meeting', at: '2026-02-09T10:00:00.000Z', id: '7002', title: 'Product demo' },
        { type: 'email', at: '2026-02-27T09:00:00.000Z', id: '5002', title: 'Pricing for your team' },
      ],
    },
  ],
};

describe('GET /preview/contacts/:contactId in headless Chromium', () => {
  let t: TestDb;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    const loadJourney = async (portalId: string, contactId: string) =>
      [demo, behind].find((j) => j.portalId === portalId && j.contactId === contactId) ?? null;
    svc = await startTestService(t, {
      routers: () => [previewRouter({ loadJourney, now: () => new Date('2026-03-14T12:00:00.000Z'), enabled: true })],
    });
  });
  afterEach(async () => {
    await svc.stop();
    await t.drop();
    await expectNoOpenBrowsers();
  });

  it('the page shows the stages with the current one marked, since when, every entry, the regression and deal links, and loads nothing else', async () => {
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 2 });
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      const response = await page.goto(`${svc.url}/preview/contacts/101?portalId=62515`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toBe('Retention · Contact 101 · Journey Stages preview');
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Contact 101');

      const stages = page.getByRole('list', { name: 'Stages of the Classic (5 stages) model' });
      await expect(stages.locator('> li .label').allInnerTexts()).resolves.toEqual([
        'Awareness',
        'Consideration',
        'Purchase',
        'Retention',
        'Advocacy',
      ]);
      await expect(stages.locator('[aria-current="step"] .label').allInnerTexts()).resolves.toEqual(['Retention']);
      await expect(page.getByTestId('since').innerText()).resolves.toBe('Retention since 11 Feb 2026 · 31 days');

      const rows: string[][] = [];
      for (const row of await page.locator('table tbody tr').all()) {
        rows.push(
          (await row.locator('th, td').allInnerTexts()).slice(0, 4).map((cell) => cell.replace(/\s+/g, ' ').trim()),
        );
      }
      expect(rows).toEqual([
        ['3 Nov 2025', 'Awareness', '↑ Advance', 'Contact created'],
        ['18 Nov 2025', 'Consideration', '↑ Advance', 'Lifecycle stage set to Marketing qualified lead on 18 Nov 2025'],
        ['15 Dec 2025', 'Purchase', '↑ Advance', 'First deal won: Starter plan, 15 Dec 2025'],
        [
          '22 Dec 2025 observed (no HubSpot timestamp)',
          'Consideration',
          '↓ Regression',
          'Back from Purchase: First deal created: Starter plan, 1 Dec 2025',
        ],
        ['12 Jan 2026', 'Purchase', '↑ Advance', 'First deal won: Annual plan, 12 Jan 2026'],
        ['11 Feb 2026', 'Retention', '↑ Advance', '30 days since Purchase (11 Feb 2026)'],
      ]);
      // Red as well as the word: the inline style sheet applied despite the page's strict CSP.
      const regressionTag = page.locator('tr.regression .tag-regression');
      await expect(
        regressionTag.evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).color),
      ).resolves.toBe('rgb(179, 22, 29)');

      await expect(page.getByRole('link', { name: 'Deal 777' }).first().getAttribute('href')).resolves.toBe(
        'https://app.hubspot.com/contacts/62515/record/0-3/777',
      );
      await expect(page.getByRole('link', { name: 'Deal 555' }).count()).resolves.toBe(2);

      expect(requests).toEqual([`${svc.url}/preview/contacts/101?portalId=62515`]);
      expect(problems).toEqual([]);

      await mkdir(repoPath('test-results'), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
    });
  });

  it('a contact behind in its stage shows the health against the portal, the guidance, the survey answers and the touchpoints of each stay', async () => {
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 2 });
      const response = await page.goto(`${svc.url}/preview/contacts/202?portalId=62515`);
      expect(response?.status()).toBe(200);
      await expect(page.getByTestId('health').getAttribute('data-status')).resolves.toBe('behind');
      await expect(page.getByTestId('health').textContent()).resolves.toMatch(
        /^Behind 41 days in Consideration; most contacts that move on do so within 18 days/,
      );
      await expect(page.getByTestId('forecast').textContent()).resolves.toBe(
        '18 % of contacts who waited this long moved on within 30 days (96 compared)',
      );
      await expect(page.getByRole('heading', { name: 'Guidance for Consideration' }).count()).resolves.toBe(1);
      await expect(page.locator('[data-guidance="help"] li').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('body').textContent()).resolves.toMatch(/CSAT/);
      await expect(page.locator('body').textContent()).resolves.toMatch(/Discovery call/);
      await mkdir(repoPath('test-results'), { recursive: true });
      await page.screenshot({ path: behindScreenshot, fullPage: true });
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        await mkdir(repoPath('docs'), { recursive: true });
        await copyFile(behindScreenshot, docsScreenshot);
      }
    });
  });

  it('an unknown contact shows the "Contact not found" page with status 404', async () => {
    await withBrowser(async (browser) => {
      const page = await browser.newPage();
      const response = await page.goto(`${svc.url}/preview/contacts/999?portalId=62515`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Contact not found');
      await expect(page.locator('.message').innerText()).resolves.toBe(
        'Portal 62515 has no contact with ID 999, or Journey Stages has not seen it yet.',
      );
    });
  });
});
