import { readFileSync } from 'node:fs';
import { presets } from './engine/presets/index.ts';
import { contactPropertyBudgetErrors } from './engine/required-properties.ts';
import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import type { StageModel } from '@journey-stages/contract/stage-model';

/**
 * STAGE_MODEL: a preset id, or a path to a JSON stage model. Returns one line that
 * names what is wrong (the start stops with it), or the model.
 */
export function loadStageModelSetting(
  value: string,
): { success: true; data: StageModel } | { success: false; error: string } {
  const preset = presets[value];
  if (preset) return { success: true, data: preset };
  if (!/[/\\.]/.test(value))
    return {
      success: false,
      error: `STAGE_MODEL "${value}" is neither a preset (${Object.keys(presets).join(', ')}) nor a path to a JSON file`,
    };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(value, 'utf8'));
  } catch (err) {
    return { success: false, error: `STAGE_MODEL file ${value} cannot be read as JSON: ${(err as Error).message}` };
  }
  const parsed = parseStageModel(json);
  const errors = parsed.success ? contactPropertyBudgetErrors(parsed.data) : parsed.errors;
  return parsed.success && errors.length === 0
    ? parsed
    : {
        success: false,
        error: `STAGE_MODEL file ${value} is not a valid stage model: ${errors.slice(0, 3).join('; ')}`,
      };
}
