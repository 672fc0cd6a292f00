import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import type { Words } from '@journey-stages/contract/words';

/** A duration in words an admin plans with: "under a minute", "about 7 minutes", "about 2 hours". */
export function formatDuration(seconds: number, words: Words): string {
  if (seconds < 60) return words.t('unit.underAMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return words.count('unit.aboutMinutes', minutes);
  return words.count('unit.aboutHours', Math.max(2, Math.round(seconds / 3600)));
}

/** What saving the previewed model starts, in one sentence (the preview's `switch`). */
export function describeSwitch(preview: ModelPreview, words: Words): string | null {
  const change = preview.switch;
  if (change === undefined) return null;
  const perSecond = (change.rateLimit.max * 1000) / change.rateLimit.intervalMs;
  return words.t('settings.switch', {
    contacts: words.count('unit.contacts', preview.contacts),
    properties: change.properties.join(', '),
    changes: words.number(preview.changes, 0),
    rate: words.number(perSecond, 1),
    duration: formatDuration(change.estimatedSeconds, words),
  });
}
