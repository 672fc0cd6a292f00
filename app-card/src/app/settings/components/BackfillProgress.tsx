import { Heading, ProgressBar, Text } from '@hubspot/ui-extensions';

import type { Backfill } from '../hooks/settingsApi.ts';

/** Where the backfill (every contact derived and written) stands. */
export function BackfillProgress({ backfill }: { backfill: Backfill | null }) {
  if (!backfill) return <Text testId="backfill-none">No backfill has run yet.</Text>;
  const total = backfill.total ?? Math.max(backfill.done, 1);
  const end = backfill.expectedEndAt ? new Date(backfill.expectedEndAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'unknown';
  return (
    <>
      <Heading>Backfill</Heading>
      <ProgressBar
        testId="backfill-progress"
        title={backfill.state === 'done' ? 'Every contact has its stage' : 'Deriving every contact'}
        value={backfill.done}
        maxValue={total}
        valueDescription={`${backfill.done.toLocaleString('en-US')} of ${backfill.total === null ? '…' : backfill.total.toLocaleString('en-US')} contacts`}
        {...(backfill.state === 'done' ? { variant: 'success' as const } : {})}
      />
      {backfill.state === 'running' && (
        <Text testId="backfill-rate">{backfill.contactsPerSecond} contacts per second · expected end {end}</Text>
      )}
    </>
  );
}
