import { presets } from '../engine/presets/index.ts';
import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { contactPropertyBudgetErrors } from '../engine/required-properties.ts';

export type SettingsChange = { modelId: string } | { customModel: unknown };

export type ChooseModelResult =
  | { success: true; data: StageModel; custom: boolean }
  | { success: false; error: 'unknown_model' | 'invalid_model'; message: string; errors: string[] };

/**
 * The model a settings change asks for, validated before anything is stored. Preset ids are
 * looked up as own keys only: `presets` is a plain object, so "constructor", "toString" or
 * "__proto__" would otherwise find Object's members (a 500 after clearing the
 * portal's model). A custom model goes through the engine's parser, whose errors name the
 * stage and field (docs/limits.md, bounds).
 */
export function chooseModel(change: SettingsChange): ChooseModelResult {
  if ('modelId' in change) {
    const id = change.modelId;
    const known = Object.keys(presets);
    if (!Object.hasOwn(presets, id))
      return {
        success: false,
        error: 'unknown_model',
        message: `no preset "${id}"; presets: ${known.join(', ')}`,
        errors: [`modelId: no preset "${id}"`],
      };
    return { success: true, data: presets[id]!, custom: false };
  }
  const parsed = parseStageModel(change.customModel);
  const errors = parsed.success ? contactPropertyBudgetErrors(parsed.data) : parsed.errors;
  if (!parsed.success || errors.length > 0)
    return {
      success: false,
      error: 'invalid_model',
      message: `the stage model is not valid: ${errors[0]}`,
      errors,
    };
  return { success: true, data: parsed.data, custom: true };
}
