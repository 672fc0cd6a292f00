import { Flex, Link, Text } from '@hubspot/ui-extensions';

import { dealRecordUrl } from '../format/dealRecordUrl.ts';
import type { EvidenceRef } from '@journey-stages/contract/journey';

export interface EvidenceListProps {
  testId: string;
  evidence: EvidenceRef[];
  portalId: number;
  uiDomain?: string;
}

/** What moved the contact: a deal links to its record, a contact property is named. */
export function EvidenceList({ testId, evidence, portalId, uiDomain }: EvidenceListProps) {
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
              {`Deal ${ref.id}`}
            </Link>
            {` · ${ref.property}`}
          </Text>
        ) : (
          <Text
            // biome-ignore lint/suspicious/noArrayIndexKey: one answer's evidence, rendered whole, never reordered
            key={index}
            testId={`${testId}-${index}`}
          >{`Contact · ${ref.property}`}</Text>
        ),
      )}
    </Flex>
  );
}
