import { Flex, Link, Text } from '@hubspot/ui-extensions';

import type { EvidenceRef } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';
import { dealRecordUrl } from '../format/dealRecordUrl.ts';

export interface EvidenceListProps {
  testId: string;
  evidence: EvidenceRef[];
  portalId: number;
  uiDomain?: string;
  words: Words;
}

/** What moved the contact: a deal links to its record, a contact property is named. */
export function EvidenceList({ testId, evidence, portalId, uiDomain, words }: EvidenceListProps) {
  if (evidence.length === 0) return <Text testId={testId}>—</Text>;
  return (
    <Flex testId={testId} direction="column" gap="flush">
      {evidence.map((ref, index) =>
        ref.object === 'deal' ? (
          <Text
            // biome-ignore lint/suspicious/noArrayIndexKey: one answer's evidence, rendered whole, never reordered
            key={index}
            testId={`${testId}-${index}`}
          >
            <Link
              testId={`${testId}-deal-${ref.id}`}
              href={{ url: dealRecordUrl(portalId, ref.id, uiDomain), external: false }}
            >
              {words.t('evidence.deal', { id: ref.id })}
            </Link>
            {` · ${ref.property}`}
          </Text>
        ) : (
          <Text
            // biome-ignore lint/suspicious/noArrayIndexKey: one answer's evidence, rendered whole, never reordered
            key={index}
            testId={`${testId}-${index}`}
          >{`${words.t('evidence.contact')} · ${ref.property}`}</Text>
        ),
      )}
    </Flex>
  );
}
