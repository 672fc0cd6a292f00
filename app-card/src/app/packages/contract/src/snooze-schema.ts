import { z } from 'zod';

/** The longest snooze: a flag silenced for longer is a flag switched off (docs/cards.md, "Snooze"). */
export const MAX_SNOOZE_DAYS = 365;

/** `POST /api/journey/contacts/:contactId/snooze` answers what it stored. */
export const SnoozeAnswer = z.object({
  snoozed: z.object({ until: z.iso.datetime(), reason: z.string() }),
});
export type SnoozeAnswer = z.infer<typeof SnoozeAnswer>;

/** `DELETE …/snooze` answers 204, no body. */
export const NoContent = z.undefined();
