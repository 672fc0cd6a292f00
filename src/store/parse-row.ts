import type { z } from 'zod';
import type { Logger } from '../log.ts';

/** Where a stored value came from: enough for an operator to find the row, never its content. */
export type RowAddress = { table: string; column: string; portalId: string; key: string };

/**
 * A stored jsonb value that no longer matches the shape the code reads (a row written by an
 * older version, or edited by hand). The work it belongs to fails with this error instead of
 * going on with a value the types only pretend to know; whoever runs the work logs and counts
 * it (`journey_invalid_rows_total`).
 */
export class InvalidRowError extends Error {
  readonly address: RowAddress;
  readonly issues: string[];
  constructor(address: RowAddress, issues: string[]) {
    super(
      `${address.table}.${address.column} of portal ${address.portalId}, ${address.key}, does not parse: ${issues.slice(0, 3).join('; ')}`,
    );
    this.name = 'InvalidRowError';
    this.address = address;
    this.issues = issues;
  }
}

/** Parses a value read back from the database, or throws InvalidRowError naming the row. */
export function parseRow<S extends z.ZodType>(schema: S, value: unknown, address: RowAddress): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidRowError(
    address,
    parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`),
  );
}

/** Logs a row that no longer parses (where it is and what is wrong, never its content) and counts it. */
export function reportInvalidRow(
  err: InvalidRowError,
  log: Pick<Logger, 'error'>,
  counter: { inc(labels: { table: string }): void },
): void {
  log.error(
    { ...err.address, issues: err.issues.slice(0, 5) },
    'a stored row no longer parses; the work it belongs to fails until it is repaired',
  );
  counter.inc({ table: err.address.table });
}
