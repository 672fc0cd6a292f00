import { SettingsChange } from '@journey-stages/contract/settings-schema';
import { HttpError } from '../http/http-error.ts';
import { chooseModel, type ChooseModelResult } from './choose-model.ts';

/**
 * The stage model a settings request body names (`{"modelId"}` or `{"customModel"}`), for
 * PUT /api/settings and its preview alike, so both refuse the same bodies with the same words.
 * A body that is not such an object throws a 400; a model that does not validate comes back as
 * a failure whose errors name the stage and field, for the caller to answer as a 400.
 */
export function readModelChange(rawBody: Buffer): ChooseModelResult {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body must be JSON: {"modelId": "…"} or {"customModel": {…}}');
  }
  const change = SettingsChange.safeParse(body);
  if (!change.success)
    throw new HttpError(400, 'invalid_settings', 'send {"modelId": "<preset id>"} or {"customModel": {…}}');
  return chooseModel(change.data);
}
