import type { StageModel } from '@journey-stages/contract/stage-model';

const DAY = 86_400_000;

/** What a task says: whom it is about, where they stand, and what helps (docs/owner-tasks.md). */
export type TaskText = { subject: string; body: string };

/**
 * A task's subject and body, in English: "Stuck in Consideration: Jane Doe, 41 days (most who
 * move on do so within 31)". The body holds the stage's "how to help" lines and, last, the
 * marker line by which a retried send finds a task an earlier try created.
 */
export function ownerTaskText(o: {
  model: StageModel;
  stage: string;
  level: 'behind' | 'stuck';
  contactName: string;
  stayEnteredAt: Date;
  crossedAt: Date;
  p75Days: number | null;
  marker: string;
}): TaskText {
  const stage = o.model.stages.find((s) => s.id === o.stage);
  const label = stage?.label ?? o.stage;
  const days = Math.max(0, Math.round((o.crossedAt.getTime() - o.stayEnteredAt.getTime()) / DAY));
  const level = o.level === 'stuck' ? 'Stuck' : 'Behind';
  const usual = o.p75Days === null ? '' : ` (3 in 4 who move on do so within ${Math.round(o.p75Days)})`;
  const help = stage?.guidance?.help ?? [];
  const body = [
    `${o.contactName} has been in ${label} for ${days} ${days === 1 ? 'day' : 'days'}, longer than most contacts who moved on.`,
    ...(help.length > 0 ? ['', 'What helps at this stage:', ...help.map((line) => `- ${line}`)] : []),
    '',
    `Journey Stages · ${o.marker}`,
  ].join('\n');
  return { subject: `${level} in ${label}: ${o.contactName}, ${days} ${days === 1 ? 'day' : 'days'}${usual}`, body };
}

/** The contact's name as HubSpot holds it, else its email, else its record id. */
export function contactName(properties: Record<string, string | null | undefined>, id: string): string {
  const name = [properties.firstname, properties.lastname]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
  return name || properties.email?.trim() || `Contact ${id}`;
}
