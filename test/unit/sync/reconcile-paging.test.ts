import { describe, expect, it } from 'vitest';
import { nextPosition } from '../../../src/sync/reconcile-sweep.ts';
import { staleContacts, valuesDiffer } from '../../../src/sync/stale-contacts.ts';
import type { SweepPosition } from '../../../src/store/reconcile-cursors.ts';
import type { ContactRow } from '../../../src/store/contact-store.ts';
import type { HubSpotRecord } from '../../../src/sync/hubspot-api.ts';

const T = Date.parse('2026-12-06T10:00:00.000Z');
const sweep: SweepPosition = {
  phase: 'contacts',
  startedAt: new Date(T + 60_000),
  from: new Date(T),
  until: new Date(T + 60_000),
  position: new Date(T),
  skip: 0,
};
const page = (times: number[]) =>
  times.map((ms, i) => ({ id: String(i), properties: { lastmodifieddate: new Date(T + ms).toISOString() } }));

describe('nextPosition: keyset pages on the last-modified date', () => {
  it('a short page ends the contacts phase (the deals start at the window) and then the sweep', () => {
    expect(nextPosition(sweep, page([1, 2]))).toEqual({ ...sweep, phase: 'deals', position: sweep.from, skip: 0 });
    expect(nextPosition({ ...sweep, phase: 'deals' }, page([]))).toBeNull();
  });
  it('a full page moves to its last date, skipping the records at that date already read', () => {
    const times = [...Array.from({ length: 197 }, (_, i) => i), 500, 500, 500];
    expect(nextPosition(sweep, page(times))).toEqual({ ...sweep, position: new Date(T + 500), skip: 3 });
  });
  it('a full page all at the current date pages on by offset, and past 10,000 moves a millisecond on', () => {
    const same = page(Array.from({ length: 200 }, () => 0));
    expect(nextPosition({ ...sweep, skip: 400 }, same)).toEqual({ ...sweep, skip: 600 });
    expect(nextPosition({ ...sweep, skip: 9_800 }, same)).toEqual({ ...sweep, position: new Date(T + 1), skip: 0 });
  });
});

describe('staleContacts: what a search page says against what we derived from', () => {
  const row = (
    properties: Record<string, string | null>,
    deleted = false,
    written: Partial<ContactRow> = {},
  ): ContactRow => ({
    contactId: '1',
    modelId: 'classic-5',
    stage: 'consideration',
    stageEnteredAt: new Date('2026-12-01T10:00:00Z'),
    writtenStage: null,
    writtenEnteredAt: null,
    nextChangeAt: null,
    evidence: { contact: { id: '1', properties }, deals: [] },
    deleted,
    highestStage: 'consideration',
    highestEnteredAt: new Date('2026-12-01T10:00:00Z'),
    writtenHighestStage: null,
    ...written,
  });
  const names = ['lifecyclestage', 'hs_lifecyclestage_customer_date'];

  it('unknown, deleted and changed contacts are stale; our own writes and respellings are not', () => {
    const held = new Map([
      ['same', row({ lifecyclestage: 'lead', hs_lifecyclestage_customer_date: '2026-12-01T10:00:00Z' })],
      ['changed', row({ lifecyclestage: 'lead' })],
      ['deleted', row({ lifecyclestage: 'lead' }, true)],
    ]);
    const records: HubSpotRecord[] = [
      {
        id: 'same',
        properties: {
          lifecyclestage: 'lead',
          hs_lifecyclestage_customer_date: '2026-12-01T10:00:00.000Z',
          journey_stage: 'consideration',
        },
      },
      { id: 'changed', properties: { lifecyclestage: 'customer' } },
      { id: 'deleted', properties: { lifecyclestage: 'lead' } },
      { id: 'new', properties: { lifecyclestage: 'lead' } },
    ];
    expect(staleContacts(records, held, names)).toEqual(['changed', 'deleted', 'new']);
  });
  it('our stage properties compare with what HubSpot took from us, not with what was read before the write', () => {
    const ours = [...names, 'journey_stage', 'journey_stage_entered_at', 'journey_stage_highest'];
    const readBeforeTheWrite = { lifecyclestage: 'lead' };
    const written = {
      writtenStage: 'consideration',
      writtenEnteredAt: new Date('2026-12-01T10:00:00Z'),
      writtenHighestStage: 'consideration',
    };
    const held = new Map([
      ['written', row(readBeforeTheWrite, false, written)],
      ['edited in HubSpot', row(readBeforeTheWrite, false, written)],
      ['never written', row(readBeforeTheWrite)],
    ]);
    const inHubSpot = (stage: string) => ({
      lifecyclestage: 'lead',
      journey_stage: stage,
      // HubSpot answers a datetime as it likes: the same instant in another spelling is the same.
      journey_stage_entered_at: String(Date.parse('2026-12-01T10:00:00Z')),
      journey_stage_highest: 'consideration',
    });
    const records: HubSpotRecord[] = [
      { id: 'written', properties: inHubSpot('consideration') },
      { id: 'edited in HubSpot', properties: inHubSpot('purchase') },
      { id: 'never written', properties: inHubSpot('consideration') },
    ];
    expect(staleContacts(records, held, ours)).toEqual(['edited in HubSpot', 'never written']);
  });
  it('an empty value is no value', () => {
    expect(valuesDiffer({ lifecyclestage: '' }, { lifecyclestage: null }, names)).toBe(false);
    expect(valuesDiffer({}, { lifecyclestage: 'lead' }, names)).toBe(true);
  });
});
