import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/engine/compile-model.ts';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import type { StageModel, StageModelInput } from '@journey-stages/contract/stage-model';
import { NOW, contact, evidence, openDeal, wonDeal } from './evidence-builders.ts';

function model(stages: StageModelInput['stages']): StageModel {
  const parsed = parseStageModel({ id: 'custom', label: 'Custom', stages });
  if (!parsed.success) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
}
type StageInput = StageModelInput['stages'][number];
type Rule = StageInput['holdsWhen'][number];
const known: StageInput = { id: 'known', label: 'Known', holdsWhen: [{ kind: 'contactExists' }] };
const signed: StageInput = {
  id: 'signed',
  label: 'Signed',
  holdsWhen: [{ kind: 'contactIsSet', property: 'contract_date', dateProperty: 'contract_date' }],
};

describe('compileModel', () => {
  it('derives a stage dated from a stage listed after it (the later stage is worked out first)', () => {
    const rules: Rule[] = [
      { kind: 'timeSince', stage: 'signed', days: 14 },
      { kind: 'contactIsSet', property: 'kickoff_date', dateProperty: 'kickoff_date', requires: ['signed'] },
    ];
    for (const rule of rules) {
      const m = model([known, { id: 'onboarded', label: 'Onboarded', holdsWhen: [rule] }, signed]);
      const d = deriveStages(
        m,
        evidence(contact({ contract_date: '2026-03-01T00:00:00.000Z', kickoff_date: '2026-03-15T00:00:00.000Z' })),
        NOW,
      );
      expect(d.holding.map((h) => [h.stage, h.enteredAt?.toISOString()])).toEqual([
        ['known', '2026-01-05T09:12:00.000Z'],
        ['onboarded', '2026-03-15T00:00:00.000Z'],
        ['signed', '2026-03-01T00:00:00.000Z'],
      ]);
    }
  });

  it('keeps the deal lists of different rules apart: an open-deal rule repeated does not read the list of all deals', () => {
    const m = model([
      known,
      { id: 'dealt', label: 'Dealt', holdsWhen: [{ kind: 'dealCount' }] },
      { id: 'won', label: 'Won', holdsWhen: [{ kind: 'wonDealCount' }] },
      { id: 'open', label: 'Open', holdsWhen: [{ kind: 'anyOpenDeal' }] },
      { id: 'open_again', label: 'Open again', holdsWhen: [{ kind: 'anyOpenDeal', requires: ['won'] }] },
    ]);
    const d = deriveStages(m, evidence(contact(), [wonDeal('d1', '2026-03-01T00:00:00.000Z')]), NOW);
    expect(d.holding.map((h) => h.stage)).toEqual(['known', 'dealt', 'won']);
  });

  it('keeps the deals of two deal-stage rules apart', () => {
    const m = model([
      known,
      {
        id: 'qualified',
        label: 'Qualified',
        holdsWhen: [{ kind: 'dealInStage', pipeline: 'default', stages: ['qualifiedtobuy'] }],
      },
      {
        id: 'contract',
        label: 'Contract',
        holdsWhen: [{ kind: 'dealInStage', pipeline: 'default', stages: ['contractsent'] }],
      },
    ]);
    const d = deriveStages(m, evidence(contact(), [openDeal('d1', { dealstage: 'qualifiedtobuy' })]), NOW);
    expect(d.holding.map((h) => h.stage)).toEqual(['known', 'qualified']);
  });

  it('compiles a model object once, and refuses a model with a cycle that skipped parseStageModel', () => {
    const m = model([known, signed]);
    expect(compileModel(m)).toBe(compileModel(m));
    const cyclic: StageModel = {
      id: 'loop',
      label: 'Loop',
      stages: [
        { id: 'a', label: 'A', holdsWhen: [{ kind: 'timeSince', stage: 'b', days: 1 }] },
        { id: 'b', label: 'B', holdsWhen: [{ kind: 'timeSince', stage: 'a', days: 1 }] },
      ],
    };
    expect(() => compileModel(cyclic)).toThrow('stage model "loop" has a cycle');
  });
});
