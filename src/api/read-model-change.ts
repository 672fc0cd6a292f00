import { SettingsChange } from '@journey-stages/contract/settings-schema';
import { HttpError } from '../http/http-error.ts';
import { chooseModel, type ChooseModelResult } from './choose-model.ts';

/**
 * A settings request body: `{"modelId"}` or `{"customModel"}`, each optionally with
 * `{"alerts"}`, or `{"alerts"}` alone (PUT /api/settings). A body that is not JSON or not
 * such an object throws a 400.
 */
export function readSettingsChange(rawBody: Buffer): SettingsChange {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body must be JSON: {"modelId": "…"} or {"customModel": {…}}');
  }
  const change = SettingsChange.safeParse(body);
  if (!change.success)
    throw new HttpError(
      400,
      'invalid_settings',
      'send {"modelId": "<preset id>"} or {"customModel": {…}}, with or without {"alerts": {…}}, or {"alerts": {…}} alone',
    );
  return change.data;
}

/**
 * The stage model a settings change names, for PUT /api/settings and its preview alike, so
 * both refuse the same bodies with the same words. A model that does not validate comes back
 * as a failure whose errors name the stage and field, for the caller to answer as a 400.
 */
export function chooseChangedModel(change: SettingsChange): ChooseModelResult {
  if (!('modelId' in change) && !('customModel' in change))
    throw new HttpError(400, 'invalid_settings', 'send {"modelId": "<preset id>"} or {"customModel": {…}}');
  return chooseModel(change);
}

/** readSettingsChange, then the model it names (the preview takes a model and nothing else). */
export function readModelChange(rawBody: Buffer): ChooseModelResult {
  return chooseChangedModel(readSettingsChange(rawBody));
}
