import { describe, expect, it } from 'vitest';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import type { Evidence } from '../../../src/engine/evidence.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import { presets } from '../../../src/engine/presets/index.ts';
import { advanceTimeline, currentFromHistory, recordedEnteredAt } from '../../../src/engine/timeline.ts';
import { DAY, contact, evidence, openDeal, wonDeal } from './evidence-builders.ts';

const classic = presets['classic-5']!;
const t0 = new Date('2026-03-10T12:00:00.000Z');
const later = (days: number) => new Date(t0.getTime() + days * DAY);

/** What the service does on each observation: derive (with recorded times), then append. */
function observe(history: TimelineEntry[], e: Evidence, at: Date, model = classic) {
  const derivation = deriveStages(model, e, at, { recordedEnteredAt: recordedEnteredAt(history, model) });
  return advanceTimeline(history, derivation, model, at);
}
const brief = (entries: TimelineEntry[]) =>
  entries.map((e) => `${e.direction} ${e.stage} ${e.enteredAt}${e.observed ? ' observed' : ''}`);

const withDeal = evidence(contact(), [openDeal('d1')]);
const won = evidence(contact(), [
  openDeal('d1'),
  wonDeal('d2', '2026-03-09T10:00:00.000Z', { dealname: 'ACME renewal' }),
]);

describe('advanceTimeline', () => {
  it('advanceTimeline(first derivation) appends an advance per holding stage up to the current one, each at its own time', () => {
    const { appended, history } = observe([], won, t0);
    expect(brief(appended)).toEqual([
      'advance awareness 2026-01-05T09:12:00.000Z',
      'advance consideration 2026-02-01T10:00:00.000Z',
      'advance purchase 2026-03-09T10:00:00.000Z',
    ]);
    expect(history).toEqual(appended);
    expect(appended[2]).toMatchObject({ reason: 'First deal won: ACME renewal, 9 Mar 2026', model: 'classic-5' });
    expect(appended[2]?.evidence).toEqual([
      { object: 'deal', id: 'd2', property: 'closedate', value: '2026-03-09T10:00:00.000Z' },
    ]);
  });

  it('advanceTimeline(same evidence again, later) appends nothing', () => {
    const first = observe([], won, t0).history;
    expect(observe(first, won, later(1)).appended).toEqual([]);
  });

  it('advanceTimeline(a stage without timestamp) records the observation time once, not at every re-derivation', () => {
    const undated = evidence(contact(), [wonDeal('d2', null)]);
    const first = observe([], undated, t0);
    expect(brief(first.appended)).toContain(`advance purchase ${t0.toISOString()} observed`);
    const again = observe(first.history, undated, later(2));
    expect(again.appended).toEqual([]);
    expect(
      deriveStages(classic, undated, later(2), { recordedEnteredAt: recordedEnteredAt(first.history, classic) }).current
        .enteredAt,
    ).toEqual(t0);
  });

  it('advanceTimeline(a rise) appends only the newly reached stages', () => {
    const first = observe([], withDeal, t0).history;
    const { appended } = observe(first, won, later(1));
    expect(brief(appended)).toEqual(['advance purchase 2026-03-09T10:00:00.000Z']);
  });

  it('advanceTimeline(won deal deleted) keeps the history and appends one regression at the observation time', () => {
    const first = observe([], won, t0).history;
    const { appended, history } = observe(first, withDeal, later(1));
    expect(history.slice(0, first.length)).toEqual(first);
    expect(brief(appended)).toEqual([`regression consideration ${later(1).toISOString()} observed`]);
    expect(appended[0]?.reason).toMatch(/^Back from Purchase: First deal created/);
    expect(currentFromHistory(history, 'classic-5')?.stage).toBe('consideration');
  });

  it('advanceTimeline(NPS answer drops to 6) falls back from advocacy', () => {
    const promoter = evidence(
      contact({ hs_feedback_last_nps_rating: '9', hs_feedback_last_survey_date: '2026-03-10T00:00:00.000Z' }),
      won.deals,
    );
    const detractor = evidence(
      contact({ hs_feedback_last_nps_rating: '6', hs_feedback_last_survey_date: '2026-03-12T00:00:00.000Z' }),
      won.deals,
    );
    const first = observe([], promoter, t0).history;
    expect(currentFromHistory(first, 'classic-5')?.stage).toBe('advocacy');
    expect(brief(observe(first, detractor, later(2)).appended)).toEqual([
      `regression purchase ${later(2).toISOString()} observed`,
    ]);
  });

  it('advanceTimeline(the same deal won again after a regression) dates the advance when observed, never before the regression', () => {
    let history = observe([], won, t0).history;
    history = observe(history, withDeal, later(1)).history;
    const { appended } = observe(history, won, later(2));
    expect(brief(appended)).toEqual([`advance purchase ${later(2).toISOString()} observed`]);
  });

  it('advanceTimeline(a new deal won after a regression) uses its closedate', () => {
    let history = observe([], won, t0).history;
    history = observe(history, withDeal, later(1)).history;
    const rewon = evidence(contact(), [openDeal('d1'), wonDeal('d3', later(3).toISOString())]);
    expect(brief(observe(history, rewon, later(4)).appended)).toEqual([`advance purchase ${later(3).toISOString()}`]);
  });

  it('advanceTimeline(30 days pass) appends retention at purchase + 30 days', () => {
    const history = observe([], won, t0).history;
    const { appended } = observe(history, won, later(40));
    expect(brief(appended)).toEqual(['advance retention 2026-04-08T10:00:00.000Z']);
  });

  it('advanceTimeline(model switched) starts the new model afresh and leaves the old entries alone', () => {
    const history = observe([], won, t0).history;
    const lifecycle = presets['lifecycle-7']!;
    const { appended } = observe(history, won, later(1), lifecycle);
    expect(appended.map((e) => `${e.model}:${e.stage}`)).toEqual([
      'lifecycle-7:awareness',
      'lifecycle-7:decision',
      'lifecycle-7:purchase',
    ]);
    expect(currentFromHistory([...history, ...appended], 'classic-5')?.stage).toBe('purchase');
  });

  it('advanceTimeline(derivation of another model) throws', () => {
    const derivation = deriveStages(presets['lifecycle-7']!, won, t0);
    expect(() => advanceTimeline([], derivation, classic, t0)).toThrow(/lifecycle-7/);
  });
});

describe('recordedEnteredAt', () => {
  it('recordedEnteredAt(after a regression) forgets the stages above it', () => {
    let history = observe([], evidence(contact(), [wonDeal('d2', null)]), t0).history;
    history = observe(history, withDeal, later(1)).history;
    const times = recordedEnteredAt(history, classic);
    expect([...times.keys()]).toEqual(['awareness', 'consideration']);
  });
});
