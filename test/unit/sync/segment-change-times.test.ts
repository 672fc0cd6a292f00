import { describe, expect, it } from 'vitest';
import { segmentChangeTimes } from '../../../src/sync/record-segment-values.ts';
import type { PendingEvent } from '../../../src/store/pending-events.ts';

/*
 * When a contact took the segment value it has now (docs/api.md, "Funnel", segments): the time
 * HubSpot gave for the change to that value, not when we processed it, so a stay counts in
 * the persona or owner the contact had when the stay began.
 */
let n = 0;
const change = (objectId: string, propertyName: string, propertyValue: string | null, at: string): PendingEvent => ({
  kind: 'propertyChange',
  objectType: 'contact',
  format: 'generic',
  portalId: '62515',
  objectId,
  occurredAt: Date.parse(at),
  eventId: String(++n),
  subscriptionType: 'object.propertyChange',
  subscriptionId: null,
  appId: null,
  attemptNumber: 0,
  changeSource: null,
  sourceId: null,
  dedupeKey: `k${n}`,
  propertyName,
  propertyValue,
});
const asObject = (m: Map<string, Map<string, Date>>) =>
  Object.fromEntries(
    [...m].map(([id, props]) => [id, Object.fromEntries([...props].map(([p, d]) => [p, d.toISOString()]))]),
  );

describe('segmentChangeTimes', () => {
  it('dates each segment value read by the latest change to it', () => {
    const times = segmentChangeTimes(
      [
        change('1', 'hs_persona', 'persona_1', '2026-11-01T10:00:00.000Z'),
        change('1', 'hs_persona', 'persona_2', '2026-11-02T10:00:00.000Z'),
        change('1', 'hs_persona', 'persona_1', '2026-11-03T10:00:00.000Z'),
        change('1', 'hubspot_owner_id', '77', '2026-11-04T10:00:00.000Z'),
      ],
      new Map([['1', { hs_persona: 'persona_1', hubspot_owner_id: '77' }]]),
    );
    expect(asObject(times)).toEqual({
      '1': { hs_persona: '2026-11-03T10:00:00.000Z', hubspot_owner_id: '2026-11-04T10:00:00.000Z' },
    });
  });

  it('keeps the latest whatever order the events come in', () => {
    const times = segmentChangeTimes(
      [
        change('1', 'hs_persona', 'persona_1', '2026-11-03T10:00:00.000Z'),
        change('1', 'hs_persona', 'persona_1', '2026-11-01T10:00:00.000Z'),
      ],
      new Map([['1', { hs_persona: 'persona_1' }]]),
    );
    expect(asObject(times)).toEqual({ '1': { hs_persona: '2026-11-03T10:00:00.000Z' } });
  });

  it('ignores a change to a value other than the one read (a later change not yet delivered)', () => {
    const times = segmentChangeTimes(
      [change('1', 'hs_persona', 'persona_2', '2026-11-03T10:00:00.000Z')],
      new Map([['1', { hs_persona: 'persona_1' }]]),
    );
    expect(asObject(times)).toEqual({});
  });

  it('dates a cleared value by the change that emptied it (null and "" are the same)', () => {
    const times = segmentChangeTimes(
      [
        change('1', 'hs_persona', null, '2026-11-03T10:00:00.000Z'),
        change('2', 'hs_persona', '', '2026-11-04T10:00:00.000Z'),
      ],
      new Map([
        ['1', { hs_persona: '' }],
        ['2', { hs_persona: null }],
      ]),
    );
    expect(asObject(times)).toEqual({
      '1': { hs_persona: '2026-11-03T10:00:00.000Z' },
      '2': { hs_persona: '2026-11-04T10:00:00.000Z' },
    });
  });

  it('ignores properties that are not segments, and events that are not property changes', () => {
    const creation = {
      ...change('1', 'x', null, '2026-11-01T10:00:00.000Z'),
      kind: 'creation',
    } as unknown as PendingEvent;
    const times = segmentChangeTimes(
      [change('1', 'firstname', 'Jane', '2026-11-03T10:00:00.000Z'), creation],
      new Map([['1', { firstname: 'Jane', hs_persona: '' }]]),
    );
    expect(asObject(times)).toEqual({});
  });
});
