import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { HttpError, type ErrorTranslator } from '../http/http-error.ts';
import { InvalidRowError, reportInvalidRow } from '../store/parse-row.ts';

/**
 * A request whose stored rows no longer parse answers 500 with a reason an operator can act
 * on, and the row is logged and counted; the answer never shows a value the types only pretend to know.
 */
export function invalidRowAsHttpError(log: Logger, metrics: Metrics): ErrorTranslator {
  return (err) => {
    if (!(err instanceof InvalidRowError)) return undefined;
    reportInvalidRow(err, log, metrics.invalidRows);
    return new HttpError(
      500,
      'invalid_stored_row',
      'a stored record of this portal no longer reads; see the service logs',
    );
  };
}
