import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import type { StageModel, StageModelInput } from '@journey-stages/contract/stage-model';
import { adoption5 } from './adoption-5.ts';
import { classic5 } from './classic-5.ts';
import { interest6 } from './interest-6.ts';
import { lifecycle7 } from './lifecycle-7.ts';

/** The preset models (docs/stage-models.md), by id; STAGE_MODEL may name any of them. */
export const presets: Readonly<Record<string, StageModel>> = Object.freeze(
  Object.fromEntries([classic5, interest6, lifecycle7, adoption5].map((preset) => [preset.id, definePreset(preset)])),
);

export const defaultModelId = 'classic-5';

function definePreset(input: StageModelInput): StageModel {
  const parsed = parseStageModel(input);
  if (!parsed.success) throw new Error(`[engine] preset "${input.id}" is invalid: ${parsed.errors.join('; ')}`);
  return parsed.data;
}
