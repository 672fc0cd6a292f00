import { describe, expect, it } from 'vitest';
import { buildJourney } from '../../../src/engine/build-journey.ts';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { Journey, type TimelineEntry } from '@journey-stages/contract/journey';
import { presets } from '../../../src/engine/presets/index.ts';
import { advanceTimeline } from '../../../src/engine/timeline.ts';
import { contact, evidence, openDeal, wonDeal } from './evidence-builders.ts';

const classic = presets['classic-5']!;
const now = new Date('2026-03-10T12:00:00.000Z');
const updatedAt = new Date('2026-03-10T12:00:03.120Z');

describe('buildJourney', () => {
  it('buildJourney(history, derivation) is the journey JSON (docs/api.md)', () => {
    const e = evidence(contact(), [wonDeal('d2', '2026-03-02T10:00:00.000Z')]);
    const derivation = deriveStages(classic, e, now);
    const { history } = advanceTimeline([], derivation, classic, now);
    const journey = buildJourney({
      portalId: '62515',
      contactId: '101',
      model: classic,
      history,
      derivation,
      updatedAt,
    });
    expect(Journey.parse(journey)).toEqual(journey);
    expect(journey).toMatchObject({
      portalId: '62515',
      contactId: '101',
      model: { id: 'classic-5', stages: [{ id: 'awareness', label: 'Awareness' }, {}, {}, {}, {}] },
      current: { stage: 'purchase', enteredAt: '2026-03-02T10:00:00.000Z' },
      updatedAt: '2026-03-10T12:00:03.120Z',
    });
    expect(journey.timeline[0]).toMatchObject({
      stage: 'awareness',
      enteredAt: '2026-01-05T09:12:00.000Z',
      direction: 'advance',
      reason: 'Contact created on 5 Jan 2026',
    });
  });

  it('buildJourney(entries recorded out of time order) orders the timeline by enteredAt', () => {
    const entry = (stage: string, enteredAt: string): TimelineEntry => ({
      stage,
      enteredAt,
      direction: 'advance',
      reason: '',
      evidence: [],
      model: 'classic-5',
    });
    const history = [
      entry('awareness', '2026-01-05T00:00:00.000Z'),
      entry('purchase', '2026-02-01T00:00:00.000Z'),
      entry('consideration', '2026-01-20T00:00:00.000Z'),
    ];
    const derivation = deriveStages(classic, evidence(contact(), [openDeal('d1')]), now);
    const journey = buildJourney({ portalId: '1', contactId: '101', model: classic, history, derivation, updatedAt });
    expect(journey.timeline.map((e) => e.stage)).toEqual(['awareness', 'consideration', 'purchase']);
  });

  it('buildJourney(current stage without HubSpot time) takes the time it was recorded', () => {
    const derivation = deriveStages(classic, evidence(contact(), [wonDeal('d2', null)]), now);
    const { history } = advanceTimeline([], derivation, classic, now);
    const journey = buildJourney({ portalId: '1', contactId: '101', model: classic, history, derivation, updatedAt });
    expect(journey.current).toEqual({ stage: 'purchase', enteredAt: now.toISOString() });
  });

  it("buildJourney(history of another model too) shows only the current model's entries", () => {
    const other: TimelineEntry = {
      stage: 'decision',
      enteredAt: '2026-01-06T00:00:00.000Z',
      direction: 'advance',
      reason: '',
      evidence: [],
      model: 'lifecycle-7',
    };
    const derivation = deriveStages(classic, evidence(contact()), now);
    const { history } = advanceTimeline([other], derivation, classic, now);
    const journey = buildJourney({ portalId: '1', contactId: '101', model: classic, history, derivation, updatedAt });
    expect(journey.timeline.map((e) => e.stage)).toEqual(['awareness']);
  });
});
