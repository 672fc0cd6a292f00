import type { Forecast } from './journey.ts';
import type { Words } from './words.ts';

/**
 * The forecast in words, as the service's HTML previews write it: "18 % of contacts who waited
 * this long moved on within 30 days"; with `basis`, "… (240 compared)".
 */
export function forecastSentence(forecast: Forecast, o: { basis?: boolean } = {}): string {
  const sentence = `${Math.round(forecast.probability * 100)} % of contacts who waited this long moved on within ${forecast.withinDays} days`;
  return o.basis ? `${sentence} (${forecast.basis} compared)` : sentence;
}

/** The same sentence in the user's language, numbers in their locale (the extensions). */
export function forecastInWords(forecast: Forecast, words: Words, o: { basis?: boolean } = {}): string {
  const sentence = words.t('forecast.sentence', {
    percent: words.percent(forecast.probability),
    days: words.count('unit.days', forecast.withinDays),
  });
  return o.basis ? words.t('forecast.basis', { sentence, basis: words.number(forecast.basis) }) : sentence;
}
