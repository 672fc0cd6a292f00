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

/** A hand-made timeline entry (the fields the merge reads). */
const entry = (stage: string, enteredAt: string, more: Partial<TimelineEntry> = {}): TimelineEntry => ({
  stage,
  enteredAt,
  direction: 'advance',
  reason: `reason ${stage} ${enteredAt.slice(0, 10)}`,
  evidence: [],
  model: classic.id,
  ...more,
});

describe('mergeTimelines(hand-made histories)', () => {
  const note = { at: mergedAt, contactIds: ['201', '202'] };

  it("keeps the entries of an earlier model once each, oldest first, before the merged model's entries", () => {
    const oldA = entry('lead', '2025-03-01T00:00:00.000Z', { model: 'old-model' });
    const oldB = entry('customer', '2025-06-01T00:00:00.000Z', { model: 'old-model' });
    const oldC = entry('lead', '2025-01-15T00:00:00.000Z', { model: 'old-model' });
    const merged = mergeTimelines(
      [
        [oldB, oldA, entry('awareness', '2025-12-01T00:00:00.000Z')],
        [oldA, oldC, entry('awareness', '2025-11-01T00:00:00.000Z')],
      ],
      classic,
      note,
    );
    expect(merged.map((e) => `${e.model} ${e.stage} ${e.enteredAt.slice(0, 10)}`)).toEqual([
      'old-model lead 2025-01-15',
      'old-model lead 2025-03-01',
      'old-model customer 2025-06-01',
      'classic-5 awareness 2025-11-01',
    ]);
    expect(merged[0]).toBe(oldC);
  });

  it('keeps an earlier model entry apart even when the current model has a stage of that name', () => {
    const oldPurchase = entry('purchase', '2025-06-01T00:00:00.000Z', { model: 'old-model' });
    const merged = mergeTimelines([[oldPurchase], [entry('awareness', '2025-12-01T00:00:00.000Z')]], classic, note);
    expect(merged.map((e) => `${e.model} ${e.stage}`)).toEqual(['old-model purchase', 'classic-5 awareness']);
    expect(merged[0]).toBe(oldPurchase);
  });

  it('keeps an entry of a stage the model no longer has among the older entries, unchanged', () => {
    const renamed = entry('nurture', '2025-10-01T00:00:00.000Z');
    const merged = mergeTimelines([[renamed, entry('awareness', '2025-12-01T00:00:00.000Z')]], classic, note);
    expect(merged[0]).toBe(renamed);
    expect(merged.map((e) => e.stage)).toEqual(['nurture', 'awareness']);
  });

  it('reads an entry without a model as one of the current model', () => {
    const { model: _model, ...unlabelled } = entry('consideration', '2026-01-05T00:00:00.000Z');
    const merged = mergeTimelines([[entry('awareness', '2025-12-01T00:00:00.000Z')], [unlabelled]], classic, note);
    expect(merged.map((e) => `${e.model} ${e.stage}`)).toEqual(['classic-5 awareness', 'classic-5 consideration']);
  });

  it('dates a stage by an advance into it rather than by an earlier regression into it, and makes the entry an advance', () => {
    const regressed = [
      entry('awareness', '2025-11-01T00:00:00.000Z'),
      entry('consideration', '2025-12-01T00:00:00.000Z', { direction: 'regression' }),
    ];
    const advanced = [entry('consideration', '2026-01-05T00:00:00.000Z')];
    const merged = mergeTimelines([regressed, advanced], classic, note);
    expect(mergeTimelines([advanced, regressed], classic, note)).toEqual(merged);
    expect(merged.at(-1)).toMatchObject({
      stage: 'consideration',
      enteredAt: '2026-01-05T00:00:00.000Z',
      direction: 'advance',
    });
  });

  it('of two regressions into a stage, takes the earlier, whichever record it came from', () => {
    const later = [entry('consideration', '2026-02-05T00:00:00.000Z', { direction: 'regression' })];
    const earlier = [entry('consideration', '2026-01-05T00:00:00.000Z', { direction: 'regression' })];
    const merged = mergeTimelines([later, earlier], classic, note);
    expect(mergeTimelines([earlier, later], classic, note)).toEqual(merged);
    expect(merged).toMatchObject([
      { stage: 'consideration', enteredAt: '2026-01-05T00:00:00.000Z', direction: 'advance' },
    ]);
  });

  it('lists the merged entries in model order, each with the stages passed over before it', () => {
    const merged = mergeTimelines(
      [[entry('retention', '2026-03-05T00:00:00.000Z')], [entry('consideration', '2026-01-05T00:00:00.000Z')]],
      classic,
      note,
    );
    expect(merged.map((e) => [e.stage, e.skipped])).toEqual([
      ['consideration', ['awareness']],
      ['retention', ['purchase']],
    ]);
  });

  it('writes the merge note as the reason of a furthest entry that had none, and beside one that had', () => {
    const text = 'merged from contacts 201, 202 on 1 Apr 2026';
    expect(
      mergeTimelines([[entry('purchase', '2026-03-02T00:00:00.000Z', { reason: '' })]], classic, note).at(-1)?.reason,
    ).toBe(text);
    expect(
      mergeTimelines([[entry('purchase', '2026-03-02T00:00:00.000Z', { reason: 'Deal won' })]], classic, note).at(-1)
        ?.reason,
    ).toBe(`Deal won (${text})`);
  });

  it('gives nothing for no history, and leaves the older entries without a note', () => {
    expect(mergeTimelines([], classic, note)).toEqual([]);
    const old = entry('lead', '2025-03-01T00:00:00.000Z', { model: 'old-model' });
    expect(mergeTimelines([[old]], classic, note)).toEqual([old]);
  });
});
