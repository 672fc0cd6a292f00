import { useState } from 'react';
import {
  EmptyState, ErrorState, Flex, Heading, Link, LoadingSpinner, Select, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text,
} from '@hubspot/ui-extensions';

import { useFunnel, type Funnel } from '../hooks/useFunnel.ts';

const PERIODS = [{ label: 'Last 30 days', value: 30 }, { label: 'Last 90 days', value: 90 }, { label: 'Last 365 days', value: 365 }];
const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

/**
 * HubSpot has no documented deep link to a filtered contact view, so each stage links to the
 * contacts index and says which filter to add (the property is a real enumeration).
 */
export const contactsIndexUrl = (portalId: number) => `https://app.hubspot.com/contacts/${portalId}/objects/0-1/views/all/list`;

/** Where contacts stop: the stage (with entries in the period) whose share moving on is lowest. */
export function dropOff(funnel: Funnel): string | null {
  const label = (id: string) => funnel.model.stages.find((s) => s.id === id)?.label ?? id;
  const candidates = funnel.stages.filter((s) => s.conversionToNext !== null && s.entered > 0);
  const worst = candidates.sort((a, b) => a.conversionToNext! - b.conversionToNext!)[0];
  return worst ? `Most contacts stop at ${label(worst.stage)}: ${percent(worst.conversionToNext)} move on.` : null;
}

/** The app home page for sales managers: the journey funnel of a chosen period. */
export function FunnelHome({ portalId, now = () => new Date() }: { portalId: number; now?: () => Date }) {
  const [days, setDays] = useState(90);
  const state = useFunnel(portalId, days, now);
  return (
    <Flex direction="column" gap="md">
      <Heading>Journey funnel</Heading>
      <Select label="Period" name="period" testId="funnel-period" value={days} options={PERIODS} onChange={(v) => setDays(Number(v))} />
      {state.status === 'loading' && <LoadingSpinner label="Computing the funnel" testId="funnel-loading" />}
      {state.status === 'error' && <ErrorState title="The funnel could not be loaded" testId="funnel-error"><Text>{state.message}</Text></ErrorState>}
      {state.status === 'ready' && state.funnel.stages.every((s) => s.current === 0) && (
        <EmptyState title="No contacts have a stage yet" testId="funnel-empty">
          <Text>The backfill may still be running: see the app's settings page for its progress.</Text>
        </EmptyState>
      )}
      {state.status === 'ready' && state.funnel.stages.some((s) => s.current > 0) && <FunnelTable funnel={state.funnel} portalId={portalId} />}
    </Flex>
  );
}

function FunnelTable({ funnel, portalId }: { funnel: Funnel; portalId: number }) {
  const label = (id: string) => funnel.model.stages.find((s) => s.id === id)?.label ?? id;
  const sentence = dropOff(funnel);
  return (
    <>
      {sentence && <Text testId="funnel-dropoff" format={{ fontWeight: 'demibold' }}>{sentence}</Text>}
      <Table testId="funnel-table">
        <TableHead>
          <TableRow>
            <TableHeader>Stage</TableHeader>
            <TableHeader>Contacts now</TableHeader>
            <TableHeader>Entered in period</TableHeader>
            <TableHeader>Conversion to next</TableHeader>
            <TableHeader>Median days in stage</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {funnel.stages.map((s) => (
            <TableRow key={s.stage} testId={`funnel-${s.stage}`}>
              <TableCell>
                <Link testId={`funnel-${s.stage}-link`} href={{ url: contactsIndexUrl(portalId), external: true }}>{label(s.stage)}</Link>
              </TableCell>
              <TableCell><Text testId={`funnel-${s.stage}-current`}>{String(s.current)}</Text></TableCell>
              <TableCell><Text>{String(s.entered)}</Text></TableCell>
              <TableCell><Text testId={`funnel-${s.stage}-conversion`}>{percent(s.conversionToNext)}</Text></TableCell>
              <TableCell><Text>{s.medianDaysInStage === null ? '–' : String(s.medianDaysInStage)}</Text></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Text variant="microcopy">
        Each stage opens your contacts: filter them by "Journey stage (Journey Stages app)" to see the people in it, save the view, or build a report on it.
      </Text>
    </>
  );
}
