import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * SQL lives in src/store (the tables and their statements) and src/queue/sql (the queue's own):
 * docs/architecture.md names the owner of each table. No other file may run a statement of its
 * own: a new one goes into its table's store module, as a named function the caller passes its
 * transaction to.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const SQL_HOMES = ['src/store/', 'src/queue/sql/'];

/** A string or template literal that opens with a statement (comments are left out first). */
const STATEMENT =
  /[`'"]\s*(?:select\s[\s\S]{0,600}?\bfrom\s|select\s+(?:pg_|1\b|\$1|now\(\))|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\(|create\s+(?:table|index|unique|or\s+replace)|lock\s+table)/gi;

function statementsIn(source: string): number {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(STATEMENT)].length;
}

function sqlOutsideItsHomes(): Record<string, number> {
  const found: Record<string, number> = {};
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/');
    if (SQL_HOMES.some((home) => path.startsWith(home))) continue;
    const count = statementsIn(readFileSync(join(ROOT, path), 'utf8'));
    if (count > 0) found[path] = count;
  }
  return found;
}

describe('SQL lives in src/store and src/queue/sql', () => {
  it('no other file runs SQL', () => {
    expect(sqlOutsideItsHomes()).toEqual({});
  });

  it('recognises statements, not words in comments', () => {
    expect(statementsIn("db.query('select status from portals where portal_id = $1')")).toBe(1);
    expect(statementsIn('tx.query(`insert into jobs (portal_id) values ($1)`)')).toBe(1);
    expect(statementsIn("// readiness runs 'select 1 from x'\n/** (`select 1`) */")).toBe(0);
  });
});
