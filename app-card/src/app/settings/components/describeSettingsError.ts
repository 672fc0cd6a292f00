import type { Words } from '@journey-stages/contract/words';
import { describeApiError, type ErrorAdvice } from '@journey-stages/extension-kit/describe-api-error';
import type { ApiError } from '@journey-stages/extension-kit/signed-fetch';

/** Each failure in words an admin can act on: a 400 refused the change, a 404 means the account is unknown. */
export function describeSettingsError(error: ApiError, words: Words): ErrorAdvice {
  return describeApiError(error, words, { refused: 'change', page: true });
}
