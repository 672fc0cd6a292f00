import { describe, expect, it } from 'vitest';

import { wordsFor } from '@journey-stages/contract/words';

import { formatDuration } from '../format/describeSwitch.ts';

describe('formatDuration', () => {
  it.each([
    [0, 'under a minute'],
    [59, 'under a minute'],
    [60, 'about 1 minute'],
    [420, 'about 7 minutes'],
    [5340, 'about 89 minutes'],
    [5399, 'about 2 hours'],
    [7200, 'about 2 hours'],
  ])('formatDuration(%i) is "%s"', (seconds, words) => {
    expect(formatDuration(seconds, wordsFor({ locale: 'en-us' }))).toBe(words);
  });

  it.each([
    ['de-de', 420, 'etwa 7 Minuten'],
    ['fr-fr', 60, 'environ 1 minute'],
    ['es-es', 7200, 'unas 2 horas'],
    ['pt-br', 30, 'menos de um minuto'],
  ])('formatDuration in %s(%i) is "%s"', (locale, seconds, words) => {
    expect(formatDuration(seconds, wordsFor({ locale }))).toBe(words);
  });
});
