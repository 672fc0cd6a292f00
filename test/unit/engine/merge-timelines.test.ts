import { describe, expect, it } from 'vitest';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import type { Evidence } from '../../../src/engine/evidence.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import { mergeTimelines } from '../../../src/engine/merge-timelines.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { advanceTimeline, recordedEnteredAt } from '../../../src/engine/timeline.ts';
import { contact, evidence, openDeal, wonDeal } from './evidence-builders.ts';

const classic = presets['classic-5']!;
const mergedAt = new Date('2026-04-01T09:00:00.000Z');

function observe(history: TimelineEntry[], e: Evidence, at: Date) {
  const derivation = deriveStages(classic, e, at, { recordedEnteredAt: recordedEnteredAt(history, classic) });
  return advanceTimeline(history, derivation, classic, at).history;
}
const brief = (entries: TimelineEntry[]) => entries.map((e) => `${e.direction} ${e.stage} ${e.enteredAt.slice(0, 10)}`);

// Two records of one person, each with its own history.
const first = observe(
  observe([], evidence(contact({}, '101'), [openDeal('d1')]), new Date('2026-02-02T00:00:00.000Z')),
  evidence(contact({}, '101'), [openDeal('d1'), wonDeal('d2', '2026-03-02T10:00:00.000Z')]),
  new Date('2026-03-03T00:00:00.000Z'),
);
const second = observe(
  [],
  evidence(contact({ createdate: '2025-12-01T08:00:00.000Z' }, '102'), [
    openDeal('d3', { createdate: '2026-01-10T10:00:00.000Z' }),
  ]),
  new Date('2026-01-11T00:00:00.000Z'),
);

describe('mergeTimelines', () => {
  it('mergeTimelines(two histories) reads one entry per stage reached, dated by the earliest evidence, not both laid end to end', () => {
    const merged = mergeTimelines([first, second], classic, { at: mergedAt, contactIds: ['101', '102'] });
    expect(brief(merged)).toEqual([
      'advance awareness 2025-12-01',
      'advance consideration 2026-01-10',
      'advance purchase 2026-03-02',
    ]);
    expect(merged.map((e) => e.skipped)).toEqual([[], [], []]);
  });

  it('mergeTimelines(...) notes the merge once, on the furthest stage, and again merging the result adds no second note', () => {
    const merged = mergeTimelines([first, second], classic, { at: mergedAt, contactIds: ['101', '102'] });
    const notes = merged.filter((e) => e.reason.includes('merged from contacts 101, 102 on 1 Apr 2026'));
    expect(notes.map((e) => e.stage)).toEqual(['purchase']);
    const again = mergeTimelines([merged], classic, { at: mergedAt, contactIds: ['101', '102'] });
    expect(again).toEqual(merged);
  });

  it('mergeTimelines(a history with a regression) keeps the stage reached once and drops the old regression', () => {
    const regressed = observe(
      first,
      evidence(contact({}, '101'), [openDeal('d1')]),
      new Date('2026-03-20T00:00:00.000Z'),
    );
    expect(regressed.map((e) => e.direction)).toContain('regression');
    const merged = mergeTimelines([regressed, second], classic, { at: mergedAt, contactIds: ['101', '102'] });
    expect(brief(merged)).toEqual([
      'advance awareness 2025-12-01',
      'advance consideration 2026-01-10',
      'advance purchase 2026-03-02',
    ]);
  });

  it('mergeTimelines(a skip that the other record filled) no longer lists the stage as skipped', () => {
    const customer = observe(
      [],
      evidence(
        contact({ lifecyclestage: 'customer', hs_lifecyclestage_customer_date: '2026-03-05T00:00:00.000Z' }, '103'),
      ),
      new Date('2026-03-06T00:00:00.000Z'),
    );
    expect(customer.at(-1)?.skipped).toEqual(['consideration']);
    expect(mergeTimelines([customer], classic, { at: mergedAt, contactIds: ['103'] }).at(-1)?.skipped).toEqual([
      'consideration',
    ]);
    expect(
      mergeTimelines([customer, second], classic, { at: mergedAt, contactIds: ['103', '102'] }).at(-1)?.skipped,
    ).toEqual([]);
  });

  it("mergeTimelines(...) then the survivor's derivation appends nothing when the evidence says purchase", () => {
    const merged = mergeTimelines([first, second], classic, { at: mergedAt, contactIds: ['101', '102'] });
    const survivor = evidence(contact({ createdate: '2025-12-01T08:00:00.000Z' }, '104'), [
      openDeal('d1'),
      wonDeal('d2', '2026-03-02T10:00:00.000Z'),
      openDeal('d3'),
    ]);
    expect(observe(merged, survivor, mergedAt)).toEqual(merged);
  });
});
