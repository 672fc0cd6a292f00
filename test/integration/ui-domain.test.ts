import { afterEach, describe, expect, it } from 'vitest';
import { dbKinds } from '../helpers/test-db.ts';
import { getSigned } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { PORTAL, startHarness, type Harness } from './promises/harness.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { TASKS } from '../../src/queue/tasks.ts';

// Record links are built on the portal's own HubSpot domain, read once from
// GET /account-info/2026-09/details while provisioning; EU portals live on app-eu1.hubspot.com.
describe.each(dbKinds)('the portal app domain (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('an EU portal: provisioning reads its uiDomain once, and the journey, funnel and stalled answers carry it', async () => {
    h = await startHarness(kind, {
      seed: (fake) => {
        fake.state.portal(PORTAL).dataHosting = { uiDomain: 'app-eu1.hubspot.com', dataHostingLocation: 'eu1' };
      },
    });
    // What every single-portal start and a failed install setup do: the provisioning job.
    await enqueue(h.svc.db, [{ portalId: PORTAL, task: TASKS.provisionPortal, key: 'properties' }], h.now());
    h.advance(0);
    const stored = async () =>
      (
        await h.svc.db.query<{ ui_domain: string | null }>('select ui_domain from portals where portal_id = $1', [
          PORTAL,
        ])
      ).rows[0]?.ui_domain;
    await waitFor(async () => (await stored()) === 'app-eu1.hubspot.com', { what: 'the stored uiDomain' });
    expect(h.fake.calls.filter((c) => c.path.startsWith('/account-info/')).length).toBe(1);

    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await waitFor(
      async () => (await getSigned(h.svc, `/api/journey/contacts/${id}?portalId=${PORTAL}`)).status === 200,
      { what: 'the journey' },
    );
    const journey = (await (await getSigned(h.svc, `/api/journey/contacts/${id}?portalId=${PORTAL}`)).json()) as {
      uiDomain?: string;
    };
    expect(journey.uiDomain).toBe('app-eu1.hubspot.com');
    const funnel = (await (await getSigned(h.svc, `/api/journey/funnel?portalId=${PORTAL}`)).json()) as {
      uiDomain?: string;
    };
    expect(funnel.uiDomain).toBe('app-eu1.hubspot.com');
    const stalled = await (await getSigned(h.svc, `/api/journey/stalled?portalId=${PORTAL}`)).json();
    expect(stalled).toEqual({ contacts: [], uiDomain: 'app-eu1.hubspot.com' });
  });
});
