import { Heading, ProgressBar, Text } from '@hubspot/ui-extensions';

import { formatInstant } from '../format/formatInstant.ts';
import type { BackfillStatus } from '@journey-stages/contract/settings-schema';

const count = (n: number) => n.toLocaleString('en-US');

/** Where the backfill (every contact of the account derived again) stands; times in the portal's zone. */
export function BackfillProgress({ backfill, timeZone }: { backfill: BackfillStatus | null; timeZone: string }) {
  if (!backfill) {
    return (
      <>
        <Heading>Backfill</Heading>
        <Text testId="backfill-none">No backfill has run for this account yet.</Text>
      </>
    );
  }
  const running = backfill.state === 'running';
  const total = backfill.total === null ? 'counting' : count(backfill.total);
  return (
    <>
      <Heading>Backfill</Heading>
      <ProgressBar
        testId="backfill-progress"
        title={running ? 'Deriving the stage of every contact' : 'Every contact has its stage'}
        value={backfill.done}
        maxValue={Math.max(backfill.total ?? backfill.done, 1)}
        showPercentage={backfill.total !== null}
        valueDescription={`${count(backfill.done)} of ${total} contacts`}
        {...(running ? {} : { variant: 'success' as const })}
      />
      <Text testId="backfill-detail" variant="microcopy">
        {running
          ? `${count(backfill.contactsPerSecond)} contacts per second · ${
              backfill.expectedEndAt
                ? `expected to finish ${formatInstant(backfill.expectedEndAt, timeZone)}`
                : 'end not known yet'
            }`
          : `Finished ${formatInstant(backfill.finishedAt ?? backfill.startedAt, timeZone)}`}
      </Text>
    </>
  );
}
