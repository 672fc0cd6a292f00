// biome-ignore-all lint/suspicious/noExplicitAny: each case breaks the JSON of a valid model by hand, as an admin could paste it
import { describe, expect, it } from 'vitest';
import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import { presets } from '../../../src/engine/presets/index.ts';

const valid = () => ({
  id: 'my-model',
  label: 'My model',
  stages: [
    { id: 'known', label: 'Known', holdsWhen: [{ kind: 'contactExists' }] },
    { id: 'buyer', label: 'Buyer', holdsWhen: [{ kind: 'wonDealCount' }] },
    { id: 'loyal', label: 'Loyal', holdsWhen: [{ kind: 'timeSince', stage: 'buyer', days: 90 }] },
  ],
});

describe('parseStageModel', () => {
  it('parseStageModel(valid custom JSON) fills in the documented defaults', () => {
    const result = parseStageModel(valid());
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.stages[0]?.holdsWhen[0]).toEqual({ kind: 'contactExists', dateProperty: 'createdate' });
    expect(result.data.stages[1]?.holdsWhen[0]).toEqual({
      kind: 'wonDealCount',
      atLeast: 1,
      dateProperty: 'closedate',
    });
  });

  it('parseStageModel(every preset) accepts it unchanged', () => {
    for (const preset of Object.values(presets))
      expect(parseStageModel(preset)).toEqual({ success: true, data: preset });
  });

  it.each([
    [
      'a missing property',
      (m: any) =>
        delete m.stages[1].holdsWhen[0].kind && (m.stages[1].holdsWhen[0] = { kind: 'contactEquals', value: 'x' }),
      'stages[1] "buyer".holdsWhen[0].property: required',
    ],
    [
      'an unknown rule kind',
      (m: any) => (m.stages[1].holdsWhen[0] = { kind: 'dealWonTwice' }),
      'stages[1] "buyer".holdsWhen[0].kind:',
    ],
    ['a stage without label', (m: any) => delete m.stages[2].label, 'stages[2] "loyal".label: required'],
    ['a bad stage id', (m: any) => (m.stages[1].id = 'Buyer Stage'), 'stages[1] "Buyer Stage".id:'],
    ['no stages', (m: any) => (m.stages = []), 'stages: at least one stage'],
    ['a missing model id', (m: any) => delete m.id, 'id: required'],
    ['a negative duration', (m: any) => (m.stages[2].holdsWhen[0].days = -3), 'stages[2] "loyal".holdsWhen[0].days:'],
    [
      'a probability above 1',
      (m: any) => (m.stages[1].holdsWhen[0] = { kind: 'dealProbabilityAtLeast', probability: 60 }),
      'stages[1] "buyer".holdsWhen[0].probability:',
    ],
    [
      'a placeholder where none is allowed',
      (m: any) => (m.stages[1].holdsWhen[0] = { kind: 'contactIsSet', property: 'x', dateProperty: 'x_{value}' }),
      'stages[1] "buyer".holdsWhen[0].dateProperty:',
    ],
    ['a duplicate stage id', (m: any) => (m.stages[2].id = 'buyer'), 'stages[2] "buyer".id: duplicate of stages[1]'],
    [
      'a reference to no stage',
      (m: any) => (m.stages[2].holdsWhen[0].stage = 'buyr'),
      'stages[2] "loyal".holdsWhen[0].stage: no stage "buyr" in this model',
    ],
    [
      'a requires of no stage',
      (m: any) => (m.stages[1].holdsWhen[0].requires = ['known', 'vip']),
      'stages[1] "buyer".holdsWhen[0].requires[1]: no stage "vip" in this model',
    ],
    [
      'a first stage that need not hold',
      (m: any) => (m.stages[0].holdsWhen = [{ kind: 'contactIsSet', property: 'email' }]),
      'stages[0] "known".holdsWhen: the first stage must hold for every contact',
    ],
    [
      'a stage timed from itself',
      (m: any) => (m.stages[2].holdsWhen[0].stage = 'loyal'),
      'stages[2] "loyal".holdsWhen: the stage depends on itself',
    ],
    [
      'two stages timed from each other',
      (m: any) => m.stages[1].holdsWhen.push({ kind: 'timeSince', stage: 'loyal', days: 1 }),
      'the stage depends on itself (timeSince/requires): buyer → loyal → buyer',
    ],
    // Bounds (docs/limits.md)
    [
      '31 stages',
      (m: any) =>
        (m.stages = [
          ...m.stages,
          ...Array.from({ length: 28 }, (_, i) => ({
            id: `extra_${i}`,
            label: 'Extra',
            holdsWhen: [{ kind: 'wonDealCount' }],
          })),
        ]),
      'stages: at most 30 stages',
    ],
    [
      '21 rules in one stage',
      (m: any) => (m.stages[1].holdsWhen = Array.from({ length: 21 }, () => ({ kind: 'wonDealCount' }))),
      'stages[1] "buyer".holdsWhen: at most 20 rules per stage',
    ],
    [
      'days above 3650',
      (m: any) => (m.stages[2].holdsWhen[0].days = 3651),
      'stages[2] "loyal".holdsWhen[0].days: at most 3650 days',
    ],
    [
      'a stage id with "-"',
      (m: any) => (m.stages[1].id = 'big-buyer'),
      'stages[1] "big-buyer".id: use 1 to 50 lowercase letters',
    ],
    [
      'a stage id of 51 characters',
      (m: any) => (m.stages[1].id = `b${'x'.repeat(50)}`),
      '.id: use 1 to 50 lowercase letters',
    ],
    [
      'a guidance text of 301 characters',
      (m: any) => (m.stages[0].guidance = { doing: ['x'.repeat(301)], help: [], metrics: [] }),
      'stages[0] "known".guidance.doing[0]: at most 300 characters',
    ],
    [
      '11 guidance items',
      (m: any) =>
        (m.stages[0].guidance = { doing: [], help: Array.from({ length: 11 }, () => 'Call them'), metrics: [] }),
      'stages[0] "known".guidance.help: at most 10 items',
    ],
    [
      'guidance without metrics',
      (m: any) => (m.stages[0].guidance = { doing: [], help: [] }),
      'stages[0] "known".guidance.metrics: required',
    ],
  ])('parseStageModel(%s) names the stage and field', (_name, change, expected) => {
    const model = valid();
    change(model);
    const result = parseStageModel(model);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.errors.join('\n')).toContain(expected);
  });

  it('parseStageModel(30 stages of 20 rules, 3650 days, 50-character ids, guidance) accepts the bounds themselves', () => {
    const model: any = valid();
    model.stages[2].holdsWhen[0].days = 3650;
    model.stages[1].holdsWhen = Array.from({ length: 20 }, () => ({ kind: 'wonDealCount' }));
    model.stages[0].guidance = {
      doing: ['Reads our blog'],
      help: ['x'.repeat(300)],
      metrics: Array.from({ length: 10 }, () => 'Visits'),
    };
    model.stages.push(
      ...Array.from({ length: 27 }, (_, i) => ({
        id: `s${i}`.padEnd(50, 'x'),
        label: 'Extra',
        holdsWhen: [{ kind: 'wonDealCount' }],
      })),
    );
    const result = parseStageModel(model);
    expect(result.success && result.data.stages.length).toBe(30);
    expect(result.success && result.data.stages[0]?.guidance?.help[0]).toHaveLength(300);
  });

  it('parseStageModel(not an object) fails with a readable error', () => {
    const result = parseStageModel('classic-5');
    expect(result).toEqual({ success: false, errors: [expect.stringMatching(/^\(model\): /)] });
  });
});
