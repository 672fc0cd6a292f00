import { Link, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';

import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import { hubspotRecordUrl } from '@journey-stages/contract/record-url';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** Contacts that would change, each linked to its record in the portal's own HubSpot domain. */
export function PreviewExamplesTable({
  preview,
  portalId,
  stageLabel,
}: {
  preview: ModelPreview;
  portalId: number;
  stageLabel: (id: string) => string;
}) {
  const words = useWords();
  return (
    <Table testId="preview-examples" bordered>
      <TableHead>
        <TableRow>
          <TableHeader>{words.t('settings.preview.contact')}</TableHeader>
          <TableHeader>{words.t('settings.preview.current')}</TableHeader>
          <TableHeader>{words.t('settings.preview.after')}</TableHeader>
          <TableHeader>{words.t('settings.preview.why')}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {preview.examples.map((e) => (
          <TableRow key={e.contactId} testId={`preview-example-${e.contactId}`}>
            <TableCell>
              <Link
                testId={`preview-example-link-${e.contactId}`}
                href={{ url: hubspotRecordUrl(preview.uiDomain, portalId, '0-1', e.contactId), external: false }}
              >
                {words.t('record.contact', { contactId: e.contactId })}
              </Link>
            </TableCell>
            <TableCell>
              <Text>{stageLabel(e.now)}</Text>
            </TableCell>
            <TableCell>
              <Text>{stageLabel(e.wouldBe)}</Text>
            </TableCell>
            <TableCell>
              <Text testId={`preview-example-reason-${e.contactId}`}>{e.reason}</Text>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
