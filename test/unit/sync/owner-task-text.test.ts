import { describe, expect, it } from 'vitest';
import { contactName, ownerTaskText } from '../../../src/sync/owner-task-text.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';

/*
 * What the contact's owner reads in HubSpot's task list when a contact stalls
 * (docs/owner-tasks.md): the subject says the level, the stage's label, the name and the days;
 * the body says why and what helps, and ends with the marker a retried send looks for.
 */
const model = presets['classic-5']!;
const entered = new Date('2026-10-01T09:00:00.000Z');
const daysLater = (d: number, extraMs = 0) => new Date(entered.getTime() + d * 86_400_000 + extraMs);
const text = (over: Partial<Parameters<typeof ownerTaskText>[0]> = {}) =>
  ownerTaskText({
    model,
    stage: 'consideration',
    level: 'stuck',
    contactName: 'Jane Doe',
    stayEnteredAt: entered,
    crossedAt: daysLater(41),
    p75Days: 31,
    marker: 'journey-task:62515:101:consideration:1',
    ...over,
  });

describe('ownerTaskText', () => {
  it('names the level, the stage label, the contact, the days and the usual time in the subject', () => {
    expect(text().subject).toBe('Stuck in Consideration: Jane Doe, 41 days (3 in 4 who move on do so within 31)');
    expect(text({ level: 'behind' }).subject).toBe(
      'Behind in Consideration: Jane Doe, 41 days (3 in 4 who move on do so within 31)',
    );
  });

  it('rounds the days and the usual time to whole days', () => {
    // 40 days and 13 hours is 41 days; a quantile of 30.6 days reads 31.
    const t = text({ crossedAt: daysLater(40, 13 * 3_600_000), p75Days: 30.6 });
    expect(t.subject).toBe('Stuck in Consideration: Jane Doe, 41 days (3 in 4 who move on do so within 31)');
    expect(text({ crossedAt: daysLater(40, 11 * 3_600_000) }).subject).toContain('Jane Doe, 40 days');
  });

  it('says "1 day", not "1 days", in the subject and the body', () => {
    const t = text({ crossedAt: daysLater(1) });
    expect(t.subject).toBe('Stuck in Consideration: Jane Doe, 1 day (3 in 4 who move on do so within 31)');
    expect(t.body.split('\n')[0]).toBe(
      'Jane Doe has been in Consideration for 1 day, longer than most contacts who moved on.',
    );
  });

  it('never counts negative days (a crossing stamped before the stay, from a clock skew)', () => {
    expect(text({ crossedAt: daysLater(-2) }).subject).toContain('Jane Doe, 0 days');
  });

  it('leaves out the usual time when the stage has no quantile yet', () => {
    expect(text({ p75Days: null }).subject).toBe('Stuck in Consideration: Jane Doe, 41 days');
  });

  it("lists the stage's help lines, then the marker line last", () => {
    const lines = text().body.split('\n');
    expect(lines).toEqual([
      'Jane Doe has been in Consideration for 41 days, longer than most contacts who moved on.',
      '',
      'What helps at this stage:',
      ...model.stages[1]!.guidance!.help.map((h) => `- ${h}`),
      '',
      'Journey Stages · journey-task:62515:101:consideration:1',
    ]);
  });

  it('has no help section for a stage without help lines, and the stage id when the model lost the stage', () => {
    const bare: StageModel = {
      ...model,
      stages: model.stages.map((s) =>
        s.id === 'purchase' ? { ...s, guidance: { doing: [], help: [], metrics: [] } } : s,
      ),
    };
    expect(text({ model: bare, stage: 'purchase' }).body.split('\n')).toEqual([
      'Jane Doe has been in Purchase for 41 days, longer than most contacts who moved on.',
      '',
      'Journey Stages · journey-task:62515:101:consideration:1',
    ]);
    const gone = text({ stage: 'renewal' });
    expect(gone.subject).toBe('Stuck in renewal: Jane Doe, 41 days (3 in 4 who move on do so within 31)');
    expect(gone.body).not.toContain('What helps');
  });
});

describe('contactName', () => {
  it('joins first and last name, trimmed', () => {
    expect(contactName({ firstname: ' Jane ', lastname: 'Doe ', email: 'jane@example.com' }, '101')).toBe('Jane Doe');
    expect(contactName({ firstname: 'Jane', lastname: '  ' }, '101')).toBe('Jane');
    expect(contactName({ firstname: null, lastname: 'Doe' }, '101')).toBe('Doe');
  });

  it('falls back to the email, then to the record id', () => {
    expect(contactName({ firstname: '', lastname: null, email: ' jane@example.com ' }, '101')).toBe('jane@example.com');
    expect(contactName({ email: '   ' }, '101')).toBe('Contact 101');
    expect(contactName({}, '101')).toBe('Contact 101');
  });
});
