import { describe, expect, it } from 'vitest';

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
    expect(formatDuration(seconds)).toBe(words);
  });
});
