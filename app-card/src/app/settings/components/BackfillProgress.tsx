import { Heading, ProgressBar, Text } from '@hubspot/ui-extensions';

import type { BackfillStatus } from '@journey-stages/contract/settings-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** Where the backfill (every contact of the account derived again) stands; times in the portal's zone. */
export function BackfillProgress({ backfill }: { backfill: BackfillStatus | null }) {
  const words = useWords();
  if (!backfill) {
    return (
      <>
        <Heading>{words.t('settings.backfill.title')}</Heading>
        <Text testId="backfill-none">{words.t('settings.backfill.none')}</Text>
      </>
    );
  }
  const running = backfill.state === 'running';
  const done = words.number(backfill.done, 0);
  const progress =
    backfill.total === null
      ? words.t('settings.backfill.counting', { done })
      : words.t('settings.backfill.progress', { done, total: words.number(backfill.total, 0) });
  const end = backfill.expectedEndAt
    ? words.t('settings.backfill.expectedEnd', { date: words.dateTime(backfill.expectedEndAt) })
    : words.t('settings.backfill.endUnknown');
  return (
    <>
      <Heading>{words.t('settings.backfill.title')}</Heading>
      <ProgressBar
        testId="backfill-progress"
        title={words.t(running ? 'settings.backfill.running' : 'settings.backfill.done')}
        value={backfill.done}
        maxValue={Math.max(backfill.total ?? backfill.done, 1)}
        showPercentage={backfill.total !== null}
        valueDescription={progress}
        {...(running ? {} : { variant: 'success' as const })}
      />
      <Text testId="backfill-detail" variant="microcopy">
        {running
          ? `${words.t('settings.backfill.rate', { rate: words.number(backfill.contactsPerSecond) })} · ${end}`
          : words.t('settings.backfill.finished', { date: words.dateTime(backfill.finishedAt ?? backfill.startedAt) })}
      </Text>
    </>
  );
}
