import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { recordSegmentValues, segmentChangeTimes } from '../../src/sync/record-segment-values.ts';
import type { PendingEvent } from '../../src/store/pending-events.ts';

const at = (iso: string) => new Date(iso);
const change = (
  objectId: string,
  propertyName: string,
  propertyValue: string | null,
  occurredAt: string,
): PendingEvent =>
  ({
    kind: 'propertyChange',
    objectType: 'contact',
    objectId,
    propertyName,
    propertyValue,
    occurredAt: Date.parse(occurredAt),
    portalId: '62515',
    eventId: '1',
    changeSource: 'CRM_UI',
    dedupeKey: `${objectId}:${propertyName}:${occurredAt}`,
  }) as PendingEvent;

describe('segmentChangeTimes', () => {
  it('takes the latest change event of a segment property whose value is the one read, and nothing else', () => {
    const read = new Map([['7', { hs_persona: 'persona_2', lifecyclestage: 'lead', email: 'x' }]]);
    const times = segmentChangeTimes(
      [
        change('7', 'hs_persona', 'persona_2', '2026-03-01T00:00:00Z'),
        change('7', 'hs_persona', 'persona_2', '2026-03-03T00:00:00Z'),
        change('7', 'hs_persona', 'persona_2', '2026-03-02T00:00:00Z'),
        change('7', 'lifecyclestage', 'customer', '2026-03-04T00:00:00Z'), // changed again since: not this value's date
        change('7', 'email', 'x', '2026-03-05T00:00:00Z'), // not a segment property
      ],
      read,
    );
    expect([...times.get('7')!]).toEqual([['hs_persona', at('2026-03-03T00:00:00Z')]]);
  });
});

describe.each(dbKinds)('recordSegmentValues (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => t.drop());

  const stored = async (portal: string, contact: string) =>
    (
      await t.db.query<{ value: string; since: string }>(
        `select value, case when since = '-infinity' then '-infinity'
                           else to_char(since at time zone 'UTC', 'YYYY-MM-DD') end as since
           from contact_segment_values
          where portal_id = $1 and contact_id = $2 and property = 'hs_persona' order by since`,
        [portal, contact],
      )
    ).rows.map((r) => `${r.value}@${r.since}`);

  it('keeps the first value since always, a change at its event date or when seen, nothing for a repeat', async () => {
    const observe = (value: string, observedAt: string, changedAt?: string) =>
      recordSegmentValues(
        t.db,
        '62515',
        [{ contactId: '1', properties: { hs_persona: value }, observedAt: at(observedAt) }],
        new Map(changedAt ? [['1', new Map([['hs_persona', at(changedAt)]])]] : []),
      );
    await observe('persona_1', '2026-03-01T12:00:00Z');
    await observe('persona_1', '2026-03-02T12:00:00Z');
    expect(await stored('62515', '1')).toEqual(['persona_1@-infinity']);
    await observe('persona_2', '2026-03-12T00:00:00Z', '2026-03-10T08:00:00Z');
    expect(await stored('62515', '1')).toEqual(['persona_1@-infinity', 'persona_2@2026-03-10']);
    await observe('persona_1', '2026-03-15T00:00:00Z');
    expect(await stored('62515', '1')).toEqual(['persona_1@-infinity', 'persona_2@2026-03-10', 'persona_1@2026-03-15']);
    // A change dated before the latest stored one (a late event) never hides the value read last.
    await observe('', '2026-03-16T00:00:00Z', '2026-03-14T00:00:00Z');
    expect(await stored('62515', '1')).toEqual(['persona_1@-infinity', 'persona_2@2026-03-10', '@2026-03-15']);
  });

  it("a contact's values in one portal do not move another portal's contact of the same id", async () => {
    await recordSegmentValues(t.db, '99999', [
      { contactId: '1', properties: { hs_persona: '' }, observedAt: at('2026-03-20T00:00:00Z') },
    ]);
    expect(await stored('99999', '1')).toEqual(['@-infinity']);
    expect(await stored('62515', '1')).toHaveLength(3);
  });
});
