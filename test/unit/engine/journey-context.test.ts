import { describe, expect, it } from 'vitest';
import { buildJourney } from '../../../src/engine/build-journey.ts';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import type { Evidence } from '../../../src/engine/evidence.ts';
import { Journey, type TimelineEntry } from '@journey-stages/contract/journey';
import { presets } from '../../../src/engine/presets/index.ts';
import { advanceTimeline, recordedEnteredAt } from '../../../src/engine/timeline.ts';
import { DAY, contact, evidence, openDeal, wonDeal } from './evidence-builders.ts';

const classic = presets['classic-5']!;
const t0 = new Date('2026-03-10T12:00:00.000Z');
const later = (days: number) => new Date(t0.getTime() + days * DAY);

function observe(history: TimelineEntry[], e: Evidence, at: Date) {
  const derivation = deriveStages(classic, e, at, { recordedEnteredAt: recordedEnteredAt(history, classic) });
  return { ...advanceTimeline(history, derivation, classic, at), derivation };
}
const journeyOf = (history: TimelineEntry[], derivation: ReturnType<typeof observe>['derivation'], at: Date) =>
  Journey.parse(
    buildJourney({ portalId: '62515', contactId: '101', model: classic, history, derivation, updatedAt: at }),
  );

// Marked a customer without a deal: purchase holds, consideration never did.
const customer = evidence(
  contact({ lifecyclestage: 'customer', hs_lifecyclestage_customer_date: '2026-03-02T10:00:00.000Z' }),
);
const withDeal = evidence(contact(), [openDeal('d1')]);
const won = evidence(contact(), [openDeal('d1'), wonDeal('d2', '2026-03-09T10:00:00.000Z')]);

describe('advanceTimeline skipped stages (docs/api.md)', () => {
  it('advanceTimeline(awareness straight to purchase) lists consideration as skipped on the purchase entry', () => {
    const { appended } = observe([], customer, t0);
    expect(appended.map((e) => [e.stage, e.skipped])).toEqual([
      ['awareness', []],
      ['purchase', ['consideration']],
    ]);
  });

  it('advanceTimeline(a later jump from awareness to purchase) lists the passed-over stage; every stay is still its own entry', () => {
    const first = observe([], evidence(contact()), t0).history;
    const { appended } = observe(first, customer, later(1));
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ stage: 'purchase', direction: 'advance', skipped: ['consideration'] });
  });

  it('advanceTimeline(step by step, and a regression) skips nothing', () => {
    const { history, appended } = observe([], won, t0);
    expect(appended.map((e) => e.skipped)).toEqual([[], [], []]);
    const back = observe(history, withDeal, later(1)).appended;
    expect(back).toMatchObject([{ direction: 'regression', skipped: [] }]);
  });
});

describe('buildJourney highest stage (docs/hubspot-properties.md)', () => {
  it('buildJourney(after a regression) keeps highest at the furthest stage, dated when it was first reached', () => {
    const first = observe([], won, t0);
    expect(journeyOf(first.history, first.derivation, t0).highest).toEqual({
      stage: 'purchase',
      enteredAt: '2026-03-09T10:00:00.000Z',
    });
    const back = observe(first.history, withDeal, later(1));
    const journey = journeyOf(back.history, back.derivation, later(1));
    expect(journey.current.stage).toBe('consideration');
    expect(journey.highest).toEqual({ stage: 'purchase', enteredAt: '2026-03-09T10:00:00.000Z' });
  });

  it('buildJourney(purchase reached twice) dates highest by the first time it was reached', () => {
    const first = observe([], won, t0);
    const back = observe(first.history, withDeal, later(1));
    const again = observe(
      back.history,
      evidence(contact(), [openDeal('d1'), wonDeal('d3', later(2).toISOString())]),
      later(2),
    );
    expect(journeyOf(again.history, again.derivation, later(2)).highest).toEqual({
      stage: 'purchase',
      enteredAt: '2026-03-09T10:00:00.000Z',
    });
  });
});

describe('stage guidance (docs/api.md)', () => {
  it.each(['classic-5', 'interest-6', 'lifecycle-7', 'adoption-5'])(
    'every stage of preset %s carries guidance: doing, help and metrics',
    (id) => {
      for (const stage of presets[id]!.stages) {
        expect(stage.guidance?.doing.length, `${id} ${stage.id}`).toBeGreaterThan(0);
        expect(stage.guidance?.help.length, `${id} ${stage.id}`).toBeGreaterThan(0);
        expect(stage.guidance?.metrics.length, `${id} ${stage.id}`).toBeGreaterThan(0);
      }
    },
  );

  it("buildJourney(preset) carries each stage's guidance in model.stages", () => {
    const { history, derivation } = observe([], withDeal, t0);
    const stages = journeyOf(history, derivation, t0).model.stages;
    expect(stages.map((s) => s.guidance)).toEqual(classic.stages.map((s) => s.guidance));
    expect(stages[1]?.guidance?.help.length).toBeGreaterThan(0);
  });
});
