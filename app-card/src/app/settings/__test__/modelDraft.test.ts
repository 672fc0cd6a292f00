import { describe, expect, it } from 'vitest';

import { wordsFor } from '@journey-stages/contract/words';

import { draftChange } from '../format/modelDraft.ts';
import { customModel } from './fixtures.ts';

const english = wordsFor({ locale: 'en-us' });

describe('draftChange', () => {
  it('draftChange(preset) sends {"modelId"}', () => {
    expect(draftChange({ kind: 'preset', modelId: 'lifecycle-7' }, english)).toEqual({
      success: true,
      data: { modelId: 'lifecycle-7' },
    });
  });

  it('draftChange(valid custom model) sends the pasted JSON as {"customModel"}', () => {
    expect(draftChange({ kind: 'custom', text: JSON.stringify(customModel, null, 2) }, english)).toEqual({
      success: true,
      data: { customModel },
    });
  });

  it('draftChange(text that is not JSON) says so', () => {
    const result = draftChange({ kind: 'custom', text: '{ "id": "mine", ' }, english);
    expect(result.success).toBe(false);
    expect(!result.success && result.errors[0]).toMatch(/^The text is not valid JSON: /);
  });

  it("draftChange(model with a broken rule) lists the service's errors, naming the stage and field", () => {
    const broken = {
      ...customModel,
      stages: [
        customModel.stages[0],
        { id: 'buyer', label: 'Buyer', holdsWhen: [{ kind: 'contactEquals', value: 'x' }] },
      ],
    };
    expect(draftChange({ kind: 'custom', text: JSON.stringify(broken) }, english)).toEqual({
      success: false,
      errors: ['stages[1] "buyer".holdsWhen[0].property: required'],
    });
  });
});
