import { z } from 'zod';

/**
 * The checks every endpoint applies to the text and dates it is sent, so that what passes can
 * be stored and computed with: a bad input is a 400 naming the field, never a 500 from the
 * database further in.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one. A regex,
// not String#isWellFormed: the extensions compile for browsers older than ES2024.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a string is not storable text, or undefined. PostgreSQL's text and jsonb refuse NUL
 * (U+0000); a lone UTF-16 surrogate (JSON's "\ud800") is not Unicode at all, and UTF-8
 * encoding would silently turn it into U+FFFD.
 */
export function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate, which is not Unicode text';
  return undefined;
}

/** A string of at most `max` characters that can be stored as text. */
export const plainText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .superRefine((s, ctx) => {
      const problem = textProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** The instants an endpoint accepts: HubSpot's data and our periods lie well inside them. */
export const EARLIEST_INSTANT = new Date('1900-01-01T00:00:00.000Z');
export const LATEST_INSTANT = new Date('9999-01-01T00:00:00.000Z');

const IsoDay = z.iso.date();
const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * An ISO date (its UTC midnight) or date-time with an optional offset, as the instant it
 * names, within [EARLIEST_INSTANT, LATEST_INSTANT): a year 0000, or an offset that carries
 * 9999-12-31 into year 10000, is refused here instead of by the database.
 */
export function parseInstant(value: string): { success: true; data: Date } | { success: false; error: string } {
  const text = IsoDay.safeParse(value).success
    ? `${value}T00:00:00.000Z`
    : IsoDateTime.safeParse(value).success
      ? value
      : undefined;
  const date = text === undefined ? undefined : new Date(text);
  if (date === undefined || Number.isNaN(date.getTime()))
    return { success: false, error: `"${value}" is not an ISO date (2026-08-24) or date-time (2026-08-24T00:00:00Z)` };
  if (date < EARLIEST_INSTANT || date >= LATEST_INSTANT)
    return {
      success: false,
      error: `"${value}" is outside ${EARLIEST_INSTANT.toISOString().slice(0, 10)} to ${LATEST_INSTANT.toISOString().slice(0, 10)}`,
    };
  return { success: true, data: date };
}

/** parseInstant as a zod schema: a string in, a Date out. */
export const Instant = z.string().transform((value, ctx) => {
  const parsed = parseInstant(value);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: 'custom', message: parsed.error });
  return z.NEVER;
});
