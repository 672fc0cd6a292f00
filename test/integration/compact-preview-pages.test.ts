import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoOpenBrowsers, withBrowser } from '../helpers/browser.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';

const PORTAL = '62515';
const DAY = 86_400_000;
const repoPath = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
// docs/cards.md shows these; they change only when someone asks for it (UPDATE_SCREENSHOTS=1).
const shots = {
  sidebar: [repoPath('test-results/preview-sidebar.png'), repoPath('docs/preview-sidebar.png')],
  ticket: [repoPath('test-results/preview-ticket.png'), repoPath('docs/preview-ticket.png')],
} as const;

async function keepScreenshot([taken, docs]: readonly [string, string]) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  await mkdir(repoPath('docs'), { recursive: true });
  await copyFile(taken, docs);
}

// The compact cards as pages (PREVIEWS=on), against the real service and the stand-in HubSpot:
// a ticket's preview reads its contacts from HubSpot and shows each one's stage.
describe('the sidebar and help desk previews in headless Chromium', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let customer: string;
  let lead: string;
  let ticketId: string;

  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: fake.url, PREVIEWS: 'on' },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
    const at = new Date(Date.now() - 50 * DAY);
    lead = fake.state.createContact(PORTAL, { firstname: 'Ana', lifecyclestage: 'lead' }, { at });
    customer = fake.state.createContact(PORTAL, { firstname: 'Ben', lifecyclestage: 'lead' }, { at });
    fake.state.createDeal(
      PORTAL,
      {
        dealname: 'Team plan',
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: new Date(Date.now() - 12 * DAY).toISOString(),
      },
      [customer],
    );
    ticketId = fake.state.logEngagement(PORTAL, 'tickets', lead, { subject: 'Cannot invite my team' });
    fake.state.engagements.associateContact(PORTAL, 'tickets', ticketId, customer, 'Primary');
  });
  afterAll(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });
  afterEach(async () => {
    await expectNoOpenBrowsers();
  });

  it("the ticket preview shows each of the ticket's contacts with its stage, the primary contact first", async () => {
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 420, height: 900 }, deviceScaleFactor: 2 });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const response = await page.goto(
        `${svc.url}/preview/tickets/${ticketId}?portalId=${PORTAL}&timeZone=Europe/Berlin`,
      );
      expect(response?.status()).toBe(200);
      const sections = page.getByTestId('ticket-contact');
      await expect(sections.count()).resolves.toBe(2);
      await expect(sections.nth(0).getAttribute('data-contact')).resolves.toBe(customer);
      await expect(sections.nth(0).getByTestId('primary').innerText()).resolves.toBe('Primary contact');
      await expect(sections.nth(0).getByTestId('since').innerText()).resolves.toMatch(/^Purchase since /);
      await expect(sections.nth(1).getAttribute('data-contact')).resolves.toBe(lead);
      await expect(sections.nth(1).getByTestId('since').innerText()).resolves.toMatch(/^Consideration since /);
      await expect(sections.nth(1).getByTestId('open-tab').getAttribute('href')).resolves.toBe(
        `https://app.hubspot.com/contacts/${PORTAL}/record/0-1/${lead}`,
      );
      expect(requests.filter((url) => !url.startsWith(svc.url))).toEqual([]);
      await page.screenshot({ path: shots.ticket[0], fullPage: true });
      await keepScreenshot(shots.ticket);
    });
  });

  it('the ticket preview in German: the catalog words and German dates', async () => {
    await withBrowser(async (browser) => {
      const page = await browser.newPage();
      await page.goto(`${svc.url}/preview/tickets/${ticketId}?portalId=${PORTAL}&locale=de-de`);
      await expect(page.getByTestId('primary').innerText()).resolves.toBe('Primärer Kontakt');
      await expect(page.getByTestId('since').first().innerText()).resolves.toMatch(
        /^Purchase seit \d+\. \S+ \d{4} · \d+ Tage$/,
      );
    });
  });

  it('the sidebar preview shows the compact journey and a link to the tab; unknown ids are 404 pages', async () => {
    await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 420, height: 900 }, deviceScaleFactor: 2 });
      const response = await page.goto(`${svc.url}/preview/contacts/${customer}/sidebar?portalId=${PORTAL}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByTestId('since').innerText()).resolves.toMatch(/^Purchase since .* · 12 days$/);
      await expect(page.getByTestId('recent').locator('li').count()).resolves.toBe(3);
      await page.screenshot({ path: shots.sidebar[0], fullPage: true });
      await keepScreenshot(shots.sidebar);
      expect((await page.goto(`${svc.url}/preview/tickets/99999999?portalId=${PORTAL}`))?.status()).toBe(404);
      expect((await page.goto(`${svc.url}/preview/contacts/99999999/sidebar?portalId=${PORTAL}`))?.status()).toBe(404);
    });
  });
});
