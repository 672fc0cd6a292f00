import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';

import type { StageRules } from '@journey-stages/contract/settings-schema';

/** Each stage's rules in plain words (src/engine/describe-stages.ts): what makes it hold, and what dates it. */
export function RulesTable({ stages }: { stages: StageRules[] }) {
  return (
    <Table testId="settings-rules" bordered>
      <TableHead>
        <TableRow>
          <TableHeader>Stage</TableHeader>
          <TableHeader>Holds when any of</TableHeader>
          <TableHeader>Entered at the earliest of</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {stages.map((s) => (
          <TableRow key={s.id} testId={`rules-${s.id}`}>
            <TableCell>
              <Text format={{ fontWeight: 'demibold' }}>{s.label}</Text>
            </TableCell>
            <TableCell>
              <Text testId={`rules-holds-${s.id}`}>{s.holdsWhen.join('; or ')}</Text>
            </TableCell>
            <TableCell>
              <Text testId={`rules-entered-${s.id}`}>{s.enteredAt.join('; ')}</Text>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
