import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoOpenBrowsers, withBrowser } from '../helpers/browser.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { storeTimelines, type Path } from '../helpers/store-timelines.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const repoPath = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
// README.md shows this file; it changes only when someone asks for it (UPDATE_SCREENSHOTS=1).
const docsScreenshot = repoPath('docs/home.png');
const screenshot = repoPath('test-results/home-preview.png');

const now = new Date('2026-04-11T00:00:00Z');
const PORTAL = '62515';

/** Classic-5 journeys in March and earlier; personas as the last derivation read them; one contact of another portal. */
const paths: Path[] = [
  {
    contact: '11',
    path: 'awareness@2026-03-01 consideration@2026-03-05',
    health: 'stuck',
    properties: { hs_persona: 'persona_1' },
  },
  {
    contact: '12',
    path: 'awareness@2026-03-02 purchase@2026-03-12',
    health: 'stuck',
    properties: { hs_persona: 'persona_2' },
  },
  { contact: '13', path: 'awareness@2026-03-03', health: 'behind', properties: { hs_persona: 'persona_1' } },
  {
    contact: '14',
    path: 'awareness@2026-01-10 consideration@2026-01-20 purchase@2026-02-01 retention@2026-03-03',
    properties: { hs_persona: 'persona_2' },
  },
  { contact: '15', path: 'awareness@2026-02-04 consideration@2026-02-06', health: 'stuck' },
  { contact: '91', path: 'awareness@2026-02-01', health: 'stuck', portal: '99999' },
];

describe('GET /preview/funnel: the home page preview in headless Chromium', () => {
  let t: TestDb;
  let svc: TestService;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await storeTimelines(t.db, { portal: PORTAL, model: 'classic-5' }, paths);
    await t.db.query(`insert into portals (portal_id, ui_domain) values ($1, 'app-eu1.hubspot.com'), ('99999', null)`, [
      PORTAL,
    ]);
    svc = await startTestService(t, { env: { PREVIEWS: 'on' }, now: () => now });
  });
  afterAll(async () => {
    await svc.stop();
    await t.drop();
    await expectNoOpenBrowsers();
  });

  it('shows the funnel with percentile and stuck columns, who is stuck now linked to the records, and the cohorts', async () => {
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 2 });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      const response = await page.goto(`${svc.url}/preview/funnel?portalId=${PORTAL}&days=90`);
      expect(response?.status()).toBe(200);

      await expect(page.locator('#stages thead th').allTextContents()).resolves.toEqual([
        'Stage',
        'Now',
        'Share',
        'Entered in period',
        'Conversion to next',
        'p50 days',
        'p75 days',
        'p90 days',
        'Moved on within p50 / p75 / p90 days (movers)',
        'Stuck now',
      ]);
      // Each kind of column is said in words beside the table.
      await expect(page.locator('#columns-hint').innerText()).resolves.toMatch(/behind past p75, stuck past p90/);
      const awareness = (await page.locator('#stages tbody tr').first().locator('th, td').allTextContents()).map((c) =>
        c.trim(),
      );
      // Awareness in the last 90 days: 11, 12, 13, 15 entered (14 in January is outside); 13 is still there.
      expect(awareness[0]).toBe('Awareness');
      expect(awareness[1]).toBe('1');
      expect(awareness[3]).toBe('4');
      expect(awareness[4]).toBe('75 %');
      await expect(page.locator('#stages tbody tr').nth(1).locator('td').last().innerText()).resolves.toBe('2');

      // Stuck now, longest first: 15 (since 6 Feb), 11 (5 Mar), 12 (12 Mar); never another portal's contact.
      const stuck = page.locator('#stalled tbody tr th a');
      await expect(stuck.allTextContents()).resolves.toEqual(['Contact 15', 'Contact 11', 'Contact 12']);
      await expect(stuck.first().getAttribute('href')).resolves.toBe(
        'https://app-eu1.hubspot.com/contacts/62515/record/0-1/15',
      );

      const cohorts = await page.locator('#cohorts tbody tr th').allTextContents();
      expect(cohorts).toEqual(['2026-01', '2026-02', '2026-03']);
      await expect(page.locator('#cohorts tbody tr').first().locator('td').first().innerText()).resolves.toBe('1');

      // The segment picker is a link: the same page split by persona.
      await page.getByRole('link', { name: 'Persona' }).click();
      await page.waitForURL(/segment=hs_persona/);
      expect(new URL(page.url()).searchParams.get('days')).toBe('90');
      await expect(page.locator('#segments tbody th').allTextContents()).resolves.toEqual([
        'persona_1',
        'persona_2',
        '(no value)',
      ]);
      expect(problems).toEqual([]);

      await mkdir(repoPath('test-results'), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
      if (process.env.UPDATE_SCREENSHOTS === '1') await copyFile(screenshot, docsScreenshot);
    });
  });

  it('a segment that is not a property name answers 400 with the reason', async () => {
    const res = await fetch(`${svc.url}/preview/funnel?portalId=${PORTAL}&segment=Robert'); drop table--`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/segment must be a contact property internal name/);
  });
});
