import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbKinds } from '../../helpers/test-db.ts';
import { postSigned } from '../../helpers/start-test-service.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { DAY, PORTAL, stageOf, startHarness, type Harness } from './harness.ts';

// A fresh PGlite takes seconds to start on a loaded machine: these end-to-end tests get room.
vi.setConfig({ testTimeout: 120_000 });

/** Every table the migrations create, read from the SQL itself so a new table cannot be missed. */
function tablesOfMigrations(): string[] {
  const dir = new URL('../../../src/store/migrations/', import.meta.url);
  const sql = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => readFileSync(new URL(f, dir), 'utf8'))
    .join('\n');
  return [...sql.matchAll(/create table (?:if not exists )?(\w+)/gi)].map((m) => m[1]!).sort();
}

/**
 * For each table: the rows that say anything about contact $2 of portal $1, or null for a
 * table that holds no contact data at all (per portal or per system). A new table must be
 * added here, with the question answered.
 */
const ABOUT_CONTACT: Record<string, string | null> = {
  webhook_events: `select count(*)::int as n from webhook_events where portal_id = $1 and (
     (object_type = 'contact' and object_id = $2) or (payload->>'toObjectType' = 'contact' and payload->>'toObjectId' = $2)
     or (payload->>'kind' = 'merge' and object_type = 'contact' and (payload->>'primaryObjectId' = $2 or payload->'mergedObjectIds' ? $2)))`,
  // requests as received, until a worker expands them (seconds): the erasure, itself such an
  // event, is expanded after the events before it, so none naming the contact is left
  webhook_inbox: `select count(*)::int as n from webhook_inbox i cross join lateral jsonb_array_elements(i.events::jsonb) e
     where i.portal_id = $1 and $2 in (e->>'objectId', e->>'fromObjectId', e->>'toObjectId')`,
  quarantined_events: `select count(*)::int as n from quarantined_events where portal_id = $1 and (raw->>'objectId' = $2 or raw->>'fromObjectId' = $2 or raw->>'toObjectId' = $2)`,
  jobs: `select count(*)::int as n from jobs where portal_id = $1 and key = $2`,
  contacts: `select count(*)::int as n from contacts where portal_id = $1 and contact_id = $2`,
  timeline_entries: `select count(*)::int as n from timeline_entries where portal_id = $1 and contact_id = $2`,
  deal_contacts: `select count(*)::int as n from deal_contacts where portal_id = $1 and contact_id = $2`,
  contact_aliases: `select count(*)::int as n from contact_aliases where portal_id = $1 and (old_id = $2 or new_id = $2)`,
  erased_contacts: null, // the tombstone, checked on its own below
  portals: null,
  pipelines: null,
  api_budget: null,
  oauth_states: null,
  portal_tokens: null,
  backfills: null,
  portal_turns: null,
  stage_dwell: null, // per portal, model and stage: aggregates, no contact ids
  stage_dwell_runs: null, // per portal and model: how many stays the quantiles rest on
  api_limits: null, // per portal: the rate limit HubSpot announces
  health_snoozes: `select count(*)::int as n from health_snoozes where portal_id = $1 and contact_id = $2`,
  journey_starts: `select count(*)::int as n from journey_starts where portal_id = $1 and contact_id = $2`,
  contact_touchpoints: `select count(*)::int as n from contact_touchpoints where portal_id = $1 and contact_id = $2`,
  segment_option_labels: null, // per portal and property: option labels, no contact data
  contact_segment_values: `select count(*)::int as n from contact_segment_values where portal_id = $1 and contact_id = $2`,
  contact_stage_counts: null, // per portal, model, stage and health: counts of contacts, no contact ids
  contact_segment_counts: null, // per portal, model, segment value, stage and health: counts of contacts, no contact ids
  stage_survival: null, // per portal, model, stage and stay length: the forecast curve, no contact ids
  portal_alerts: null, // per portal: the owner-task settings
  owner_tasks: `select count(*)::int as n from owner_tasks where portal_id = $1 and contact_id = $2`,
  reconcile_cursors: null, // per portal: where the reconciliation sweep is, no contact ids
  hubspot_reads: `select count(*)::int as n from hubspot_reads where portal_id = $1 and object_type = 'contact' and object_id = $2`,
};

describe('the erasure table list', () => {
  it('names every table of the migrations', () => {
    expect(Object.keys(ABOUT_CONTACT).sort()).toEqual(tablesOfMigrations());
  });
});

describe.each(dbKinds)('promise: a privacy deletion erases the contact from every table (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('contact.privacyDeletion leaves only the tombstone, and HubSpot is not called for the contact again', async () => {
    h = await startHarness(kind);
    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    const other = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    h.fake.state.createDeal(
      PORTAL,
      {
        dealname: 'ACME',
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: new Date(h.now().getTime() - DAY).toISOString(),
      },
      [id, other],
    );
    await waitFor(() => stageOf(h, id) === 'purchase' && stageOf(h, other) === 'purchase', {
      what: 'both contacts written as purchase',
    });
    // An event about the contact that did not parse is kept in quarantine: it names the contact too.
    const res = await postSigned(
      h.svc,
      '/webhooks/hubspot',
      JSON.stringify([
        {
          eventId: 1,
          subscriptionId: 1,
          portalId: Number(PORTAL),
          occurredAt: 'yesterday',
          subscriptionType: 'contact.propertyChange',
          objectId: Number(id),
        },
      ]),
    );
    expect(res.status).toBe(204);
    await h.settle();

    const count = async (table: string) =>
      (await h.svc.db.query<{ n: number }>(ABOUT_CONTACT[table]!, [PORTAL, id])).rows[0]!.n;
    const holding = Object.keys(ABOUT_CONTACT).filter((table) => ABOUT_CONTACT[table] !== null);
    const before = Object.fromEntries(
      await Promise.all(holding.map(async (table) => [table, await count(table)] as const)),
    );
    // The test means something only if the contact is really stored in these tables first.
    const stored = [
      'webhook_events',
      'quarantined_events',
      'jobs',
      'contacts',
      'timeline_entries',
      'deal_contacts',
      'journey_starts',
      'contact_segment_values',
    ];
    for (const table of stored)
      expect(before[table], `rows about the contact in ${table} before the erasure`).toBeGreaterThan(0);

    const mark = h.fake.calls.length;
    h.fake.state.privacyDelete(PORTAL, id);
    await waitFor(
      async () =>
        (await h.svc.db.query('select 1 from erased_contacts where portal_id = $1 and contact_id = $2', [PORTAL, id]))
          .rows.length === 1,
      { what: 'the tombstone' },
    );
    await h.settle();

    for (const table of holding) expect(await count(table), `rows about the erased contact left in ${table}`).toBe(0);
    const tomb = await h.svc.db.query<Record<string, unknown>>('select * from erased_contacts where portal_id = $1', [
      PORTAL,
    ]);
    expect(tomb.rows.map((r) => Object.keys(r).sort())).toEqual([['contact_id', 'erased_at', 'portal_id']]);
    expect(h.callsSince(mark)).toEqual([]);
    // The other contact of the shared deal keeps everything.
    const kept = await h.svc.db.query<{ n: number }>(
      'select count(*)::int as n from timeline_entries where portal_id = $1 and contact_id = $2',
      [PORTAL, other],
    );
    expect(kept.rows[0]!.n).toBeGreaterThan(0);

    // A later change of the shared deal is never read or written for the erased contact.
    h.fake.state.updateContact(PORTAL, other, { lifecyclestage: 'evangelist' });
    await h.settle();
    for (const table of holding) expect(await count(table), `rows about the erased contact back in ${table}`).toBe(0);
  });
});
