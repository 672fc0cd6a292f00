import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildJourney } from '../../../src/engine/build-journey.ts';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import type { Evidence } from '../../../src/engine/evidence.ts';
import { Journey, type TimelineEntry } from '@journey-stages/contract/journey';
import { advanceTimeline, currentFromHistory, recordedEnteredAt } from '../../../src/engine/timeline.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { dealArb, evidenceArb, instant, modelArb } from './arbitraries.ts';

const runs = { numRuns: 300 };

function observe(model: StageModel, history: TimelineEntry[], e: Evidence, at: Date) {
  const derivation = deriveStages(model, e, at, { recordedEnteredAt: recordedEnteredAt(history, model) });
  return { derivation, ...advanceTimeline(history, derivation, model, at) };
}

describe('deriveStages: order independence (property)', () => {
  it('deriveStages(deals shuffled and repeated) gives the same derivation', () => {
    const reordered = evidenceArb.chain((e) =>
      fc.subarray([...e.deals]).chain((repeats) => {
        const all = [...e.deals, ...repeats];
        return fc.tuple(fc.constant(e), fc.shuffledSubarray(all, { minLength: all.length }));
      }),
    );
    fc.assert(
      fc.property(modelArb, reordered, instant, (model, [e, deals], now) => {
        expect(deriveStages(model, { ...e, deals }, new Date(now))).toEqual(deriveStages(model, e, new Date(now)));
      }),
      runs,
    );
  });

  it('deriveStages(two differing copies of one deal, in either order) picks the same copy', () => {
    fc.assert(
      fc.property(modelArb, evidenceArb, dealArb('d9'), dealArb('d9'), instant, (model, e, a, b, now) => {
        const at = new Date(now);
        expect(deriveStages(model, { ...e, deals: [a, ...e.deals, b] }, at)).toEqual(
          deriveStages(model, { ...e, deals: [b, ...e.deals, a] }, at),
        );
      }),
      runs,
    );
  });

  it('deriveStages(any evidence): current is the highest holding stage, and nothing changes before nextChangeAt', () => {
    fc.assert(
      fc.property(modelArb, evidenceArb, instant, (model, e, now) => {
        const d = deriveStages(model, e, new Date(now));
        const ids = model.stages.map((s) => s.id);
        expect(d.holding.at(-1)?.stage).toBe(d.current.stage);
        expect(d.holding.at(-1)?.enteredAt).toEqual(d.current.enteredAt);
        expect(d.holding.map((h) => ids.indexOf(h.stage))).toEqual(
          [...d.holding.map((h) => ids.indexOf(h.stage))].sort((x, y) => x - y),
        );
        if (d.nextChangeAt === null) return;
        expect(d.nextChangeAt.getTime()).toBeGreaterThan(now);
        expect(deriveStages(model, e, new Date(d.nextChangeAt.getTime() - 1)).current.stage).toBe(d.current.stage);
        const after = deriveStages(model, e, d.nextChangeAt).current.stage;
        expect(ids.indexOf(after)).toBeGreaterThan(ids.indexOf(d.current.stage));
      }),
      runs,
    );
  });
});

describe('advanceTimeline + buildJourney over sequences of observations (property)', () => {
  const sequence = fc.record({
    model: modelArb,
    steps: fc.array(evidenceArb, { maxLength: 5 }),
    final: evidenceArb,
    start: instant,
    gaps: fc.array(fc.integer({ min: 0, max: 60 * 86_400_000 }), { minLength: 7, maxLength: 7 }),
  });

  it("re-applying the final evidence appends nothing, and the history ends in deriveStages' current stage", () => {
    fc.assert(
      fc.property(sequence, ({ model, steps, final, start, gaps }) => {
        let history: TimelineEntry[] = [];
        let at = start;
        [...steps, final].forEach((e, i) => {
          at += gaps[i] ?? 0;
          history = observe(model, history, e, new Date(at)).history;
        });
        const end = new Date(at);
        const again = observe(model, history, final, end);
        expect(again.appended).toEqual([]);
        expect(currentFromHistory(history, model.id)?.stage).toBe(again.derivation.current.stage);
        const plain = deriveStages(model, final, end);
        if (plain.holding.every((h) => h.enteredAt !== null))
          expect(again.derivation.current.stage).toBe(plain.current.stage);
      }),
      runs,
    );
  });

  it("buildJourney(any history) is valid journey JSON, ordered by enteredAt, naming only the model's stages", () => {
    fc.assert(
      fc.property(sequence, ({ model, steps, final, start, gaps }) => {
        let history: TimelineEntry[] = [];
        let at = start;
        const derivations = [...steps, final].map((e, i) => {
          at += gaps[i] ?? 0;
          const step = observe(model, history, e, new Date(at));
          history = step.history;
          return step.derivation;
        });
        const derivation = derivations[derivations.length - 1]!;
        const journey = buildJourney({
          portalId: '1',
          contactId: '101',
          model,
          history,
          derivation,
          updatedAt: new Date(at),
        });
        expect(Journey.safeParse(journey).success).toBe(true);
        const times = journey.timeline.map((e) => Date.parse(e.enteredAt));
        expect(times).toEqual([...times].sort((x, y) => x - y));
        const ids = new Set(model.stages.map((s) => s.id));
        for (const entry of journey.timeline) expect(ids.has(entry.stage)).toBe(true);
        expect(journey.current.stage).toBe(currentFromHistory(history, model.id)?.stage);
      }),
      runs,
    );
  });
});
