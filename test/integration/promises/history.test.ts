import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbKinds } from '../../helpers/test-db.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { loadTimelines } from '../../../src/store/timeline-store.ts';
import { DAY, PORTAL, isUpdate, stageOf, startHarness, type Harness } from './harness.ts';

// A fresh PGlite takes seconds to start on a loaded machine: these end-to-end tests get room.
vi.setConfig({ testTimeout: 120_000 });

type EntryRow = { contact_id: string; seq: number; stage: string; direction: string; entered_at: Date | string };
const entriesOf = async (h: Harness, ids: string[]) =>
  (
    await h.svc.db.query<EntryRow>(
      'select contact_id, seq, stage, direction, entered_at from timeline_entries where portal_id = $1 and contact_id = any($2::text[]) order by contact_id, seq',
      [PORTAL, ids],
    )
  ).rows.map((r) => ({ ...r, entered_at: new Date(r.entered_at).toISOString() }));

describe.each(dbKinds)('promise: a merge moves the history of the old ids to the new record (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it("both contacts' entries end up under the new id, the old ids alias to it, and the new record gets its stage", async () => {
    h = await startHarness(kind);
    const leadAt = new Date(h.now().getTime() - 20 * DAY);
    const a = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, { at: leadAt });
    const b = h.fake.state.createContact(
      PORTAL,
      { lifecyclestage: 'lead' },
      { at: new Date(h.now().getTime() - 10 * DAY) },
    );
    const closedAt = new Date(h.now().getTime() - 2 * DAY).toISOString();
    h.fake.state.createDeal(
      PORTAL,
      { dealname: 'Merger deal', pipeline: 'default', dealstage: 'closedwon', closedate: closedAt },
      [b],
    );
    await waitFor(() => stageOf(h, a) === 'consideration' && stageOf(h, b) === 'purchase', {
      what: 'both contacts written',
    });
    await h.settle();
    const before = await entriesOf(h, [a, b]);
    expect(before.filter((e) => e.contact_id === a).map((e) => e.stage)).toEqual(['awareness', 'consideration']);
    expect(before.filter((e) => e.contact_id === b).map((e) => e.stage)).toEqual([
      'awareness',
      'consideration',
      'purchase',
    ]);

    const mark = h.fake.calls.length;
    const merged = h.fake.state.mergeContacts(PORTAL, a, b);
    await waitFor(() => stageOf(h, merged) === 'purchase', { what: 'the merged record written' });
    await h.settle();

    // Nothing is left under the old ids: no history, no contact row, no links.
    expect(await entriesOf(h, [a, b])).toEqual([]);
    const oldRows = await h.svc.db.query(
      'select contact_id from contacts where portal_id = $1 and contact_id = any($2::text[])',
      [PORTAL, [a, b]],
    );
    expect(oldRows.rows).toEqual([]);
    const oldLinks = await h.svc.db.query(
      'select contact_id from deal_contacts where portal_id = $1 and contact_id = any($2::text[])',
      [PORTAL, [a, b]],
    );
    expect(oldLinks.rows).toEqual([]);
    const aliases = await h.svc.db.query<{ old_id: string; new_id: string }>(
      'select old_id, new_id from contact_aliases where portal_id = $1 order by old_id',
      [PORTAL],
    );
    expect(aliases.rows).toEqual([a, b].sort().map((old) => ({ old_id: old, new_id: merged })));

    // The new record reads as one journey: one entry per stage reached, each
    // dated by the earliest evidence of the two histories (A's earlier lead date survives).
    const key = (e: { direction: string; stage: string; entered_at: string }) =>
      `${e.direction}:${e.stage}@${e.entered_at}`;
    const earliest = new Map<string, string>();
    for (const e of before)
      if (!earliest.has(e.stage) || e.entered_at < earliest.get(e.stage)!) earliest.set(e.stage, e.entered_at);
    const expected = ['awareness', 'consideration', 'purchase'].map((stage) =>
      key({ direction: 'advance', stage, entered_at: earliest.get(stage)! }),
    );
    const timeline = (await loadTimelines(h.svc.db, PORTAL, [merged])).get(merged)!;
    expect(timeline.map((e) => key({ direction: e.direction, stage: e.stage, entered_at: e.enteredAt }))).toEqual(
      expected,
    );
    expect(timeline[1]!.enteredAt).toBe(leadAt.toISOString());
    expect(timeline.at(-1)).toMatchObject({ stage: 'purchase', enteredAt: closedAt });
    const moved = await entriesOf(h, [merged]);
    expect(moved.map((e) => e.seq)).toEqual(expected.map((_, i) => i));
    // One read of the new record and one write of its stage.
    expect(h.callsSince(mark).filter(isUpdate)).toHaveLength(1);
  });
});

describe.each(dbKinds)('promise: a won deal lost adds a regression entry and keeps the old ones (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('closedwon → closedlost appends regression:consideration after the unchanged entries and writes consideration', async () => {
    h = await startHarness(kind);
    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    const closedAt = new Date(h.now().getTime() - DAY).toISOString();
    const deal = h.fake.state.createDeal(
      PORTAL,
      { dealname: 'ACME renewal', pipeline: 'default', dealstage: 'closedwon', closedate: closedAt },
      [id],
    );
    await waitFor(() => stageOf(h, id) === 'purchase', { what: 'purchase written' });
    await h.settle();
    const before = await entriesOf(h, [id]);
    expect(before.map((e) => `${e.direction}:${e.stage}`)).toEqual([
      'advance:awareness',
      'advance:consideration',
      'advance:purchase',
    ]);

    const mark = h.fake.calls.length;
    h.fake.state.updateDeal(PORTAL, deal, { dealstage: 'closedlost' });
    await waitFor(() => stageOf(h, id) === 'consideration', { what: 'consideration written back' });
    await h.settle();

    const after = await entriesOf(h, [id]);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => `${e.direction}:${e.stage}`)).toEqual(['regression:consideration']);
    const timeline = (await loadTimelines(h.svc.db, PORTAL, [id])).get(id)!;
    expect(timeline[2]!.reason).toContain('ACME renewal');
    expect(h.callsSince(mark).filter(isUpdate)).toHaveLength(1);
    const row = await h.svc.db.query<{ stage: string; written_stage: string }>(
      'select stage, written_stage from contacts where contact_id = $1',
      [id],
    );
    expect(row.rows).toEqual([{ stage: 'consideration', written_stage: 'consideration' }]);
  });
});

describe.each(dbKinds)('promise: time-based stages change with no webhook and no HubSpot read (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('a purchase 29 days ago becomes retention exactly 30 days after it, with one write and no read', async () => {
    h = await startHarness(kind);
    const purchasedAt = new Date(h.now().getTime() - 29 * DAY);
    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'customer' }, { at: purchasedAt });
    await waitFor(() => stageOf(h, id) === 'purchase', { what: 'purchase written' });
    await h.settle();
    const due = new Date(purchasedAt.getTime() + 30 * DAY);
    const timers = await h.svc.db.query<{ run_at: Date | string }>(
      `select run_at from jobs where task = 'contact-timer' and key = $1`,
      [id],
    );
    expect(timers.rows.map((r) => new Date(r.run_at).toISOString())).toEqual([due.toISOString()]);

    // A minute before it is due: nothing happens.
    const mark = h.fake.calls.length;
    const sent = h.emitted.length;
    h.advance(due.getTime() - h.now().getTime() - 60_000);
    await h.settle();
    expect(stageOf(h, id)).toBe('purchase');
    expect(h.callsSince(mark)).toEqual([]);

    // Once due, the worker re-derives from stored evidence: one write, no read, and no webhook was involved.
    h.advance(2 * 60_000);
    await waitFor(() => stageOf(h, id) === 'retention', { what: 'retention written by the timer' });
    await h.settle();
    expect(h.callsSince(mark)).toEqual(['POST /crm/objects/2026-09/contacts/batch/update']);
    expect(h.emitted.slice(sent).filter((e) => e.changeSource !== 'INTEGRATION')).toEqual([]);
    expect(h.fake.state.getContact(PORTAL, id)!.properties.journey_stage_entered_at).toBe(due.toISOString());
    const last = (await loadTimelines(h.svc.db, PORTAL, [id])).get(id)!.at(-1)!;
    expect(last).toMatchObject({ stage: 'retention', direction: 'advance', enteredAt: due.toISOString() });
  });
});
