import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';

/** A duration in words an admin plans with: "under a minute", "about 7 minutes", "about 2 hours". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.max(2, Math.round(seconds / 3600));
  return `about ${hours} hours`;
}

/** What saving the previewed model starts, in one sentence (the preview's `switch`). */
export function describeSwitch(preview: ModelPreview): string | null {
  const change = preview.switch;
  if (change === undefined) return null;
  const perSecond = (change.rateLimit.max * 1000) / change.rateLimit.intervalMs;
  const rate = `${Number(perSecond.toFixed(1)).toLocaleString('en-US')} requests per second`;
  const changed = preview.changes.toLocaleString('en-US');
  return (
    `Saving updates the journey_stage options in HubSpot, then derives all ${preview.contacts.toLocaleString('en-US')} contacts again ` +
    `and rewrites ${change.properties.join(', ')} of the ${changed} that change. ` +
    `At this account's limit of ${rate}, that takes ${formatDuration(change.estimatedSeconds)}.`
  );
}
