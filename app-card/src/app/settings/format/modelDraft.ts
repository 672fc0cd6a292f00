import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import type { SettingsChange } from '@journey-stages/contract/settings-schema';
import type { Words } from '@journey-stages/contract/words';

/** What the admin is about to save: a preset, or a custom model as pasted text. */
export type ModelDraft = { kind: 'preset'; modelId: string } | { kind: 'custom'; text: string };

export type DraftResult = { success: true; data: SettingsChange } | { success: false; errors: string[] };

/**
 * The PUT body for a draft. A custom model is checked here with the service's own parser
 * (@journey-stages/contract/parse-stage-model, the module the service imports), so the admin sees the same
 * errors, each naming the stage and field, before anything is sent. Those come from the parser
 * the service shares and are English, as the service's own refusals are (docs/cards.md, "Languages").
 */
export function draftChange(draft: ModelDraft, words: Words): DraftResult {
  if (draft.kind === 'preset') return { success: true, data: { modelId: draft.modelId } };
  let json: unknown;
  try {
    json = JSON.parse(draft.text);
  } catch (err) {
    return {
      success: false,
      errors: [words.t('settings.change.invalidJson', { message: err instanceof Error ? err.message : String(err) })],
    };
  }
  const parsed = parseStageModel(json);
  return parsed.success ? { success: true, data: { customModel: json } } : { success: false, errors: parsed.errors };
}
