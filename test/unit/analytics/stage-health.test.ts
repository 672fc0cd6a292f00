import { describe, expect, it } from 'vitest';
import { stageHealth } from '../../../src/analytics/load-stage-health.ts';
import type { StageDwell } from '../../../src/analytics/classify-health.ts';
import { presets } from '../../../src/engine/presets/index.ts';

const DAY = 86_400_000;
const model = presets['classic-5']!;
const enteredAt = new Date('2026-11-01T00:00:00.000Z');
const now = new Date(enteredAt.getTime() + 15 * DAY);
const dwell: StageDwell = { p50: 8, p75: 14, p90: 16, basis: 20 };
const lastStage = model.stages[model.stages.length - 1]!.id;

describe("stageHealth (the journey JSON's health)", () => {
  it('gives the verdict of the contact stage for the card, without the timers the sync keeps', () => {
    expect(stageHealth({ model, stage: 'consideration', enteredAt, now, dwell }, undefined)).toEqual({
      status: 'behind',
      daysInStage: 15,
      p50Days: 8,
      p75Days: 14,
      p90Days: 16,
      basis: 20,
    });
  });

  it("shows a rep's snooze still running beside the verdict", () => {
    const until = new Date('2026-11-20T00:00:00.000Z');
    expect(
      stageHealth({ model, stage: 'consideration', enteredAt, now, dwell }, { until, reason: 'on holiday' }),
    ).toMatchObject({ status: 'behind', snoozed: { until: '2026-11-20T00:00:00.000Z', reason: 'on holiday' } });
  });

  it("is null in the model's last stage, however long the contact has been there, and without a basis", () => {
    expect(lastStage).not.toBe('consideration');
    expect(stageHealth({ model, stage: lastStage, enteredAt, now, dwell }, undefined)).toBeNull();
    expect(stageHealth({ model, stage: 'consideration', enteredAt, now, dwell: undefined }, undefined)).toBeNull();
  });
});
