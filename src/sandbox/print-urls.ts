import type { Db } from '../store/db.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { latestContactPerStage } from '../store/contact-store.ts';

/** What `npm start` prints once the sandbox is ready: where to look, one contact per stage. */
export async function sandboxUrls(
  db: Db,
  o: { baseUrl: string; portalId: string; hubspotUrl: string; model: StageModel; ticketId?: string | undefined },
): Promise<string> {
  const byStage = await latestContactPerStage(db, o.portalId);
  const width = Math.max(...o.model.stages.map((s) => s.label.length));
  const lines = [
    '',
    'Journey Stages sandbox is running (a local HubSpot stand-in with a demo portal).',
    '',
    'Contact timelines (what support reps see in the card):',
    ...o.model.stages.flatMap((s) => {
      const id = byStage.get(s.id);
      return id ? [`  ${s.label.padEnd(width)}  ${o.baseUrl}/preview/contacts/${id}?portalId=${o.portalId}`] : [];
    }),
    '',
    ...sidebarLines(o.baseUrl, o.portalId, [...byStage.values()][0], o.ticketId),
    `Funnel (sales managers):  ${o.baseUrl}/preview/funnel?portalId=${o.portalId}`,
    `HubSpot stand-in:         ${o.hubspotUrl}   (try: npm run sandbox -- contacts)`,
    '',
    'A simulated sales team changes records every few seconds; webhooks flow as in production.',
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

/** The compact cards (docs/cards.md): one contact's sidebar, one ticket with two contacts. */
function sidebarLines(baseUrl: string, portalId: string, contactId?: string, ticketId?: string): string[] {
  return [
    ...(contactId
      ? [`Sidebar card:             ${baseUrl}/preview/contacts/${contactId}/sidebar?portalId=${portalId}`]
      : []),
    ...(ticketId ? [`Help desk card (ticket):  ${baseUrl}/preview/tickets/${ticketId}?portalId=${portalId}`] : []),
  ];
}
