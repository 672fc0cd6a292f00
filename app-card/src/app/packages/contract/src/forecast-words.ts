import type { Forecast } from './journey.ts';

/**
 * The forecast in words, the same on the card, the home page and the previews: "18 % of
 * contacts who waited this long moved on within 30 days"; with `basis`, "… (240 compared)".
 */
export function forecastSentence(forecast: Forecast, o: { basis?: boolean } = {}): string {
  const sentence = `${Math.round(forecast.probability * 100)} % of contacts who waited this long moved on within ${forecast.withinDays} days`;
  return o.basis ? `${sentence} (${forecast.basis} compared)` : sentence;
}
