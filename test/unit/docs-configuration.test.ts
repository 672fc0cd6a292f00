import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES, settingDefault } from '../../src/config.ts';

// docs/configuration.md is what an operator reads; the schema is what the service reads. They must agree.
const page = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

/** The table's rows: the backticked names of the first cell (one row may name several), and the default cell. */
function documentedSettings(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of page.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !cells[1]?.startsWith('`')) continue;
    for (const [, name] of cells[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)) rows.set(name ?? '', cells[3] ?? '');
  }
  return rows;
}

describe('docs/configuration.md', () => {
  it('lists exactly the settings the service reads', () => {
    expect([...documentedSettings().keys()].sort()).toEqual([...SETTING_NAMES].sort());
  });

  it.each(SETTING_NAMES.filter((name) => settingDefault(name) !== undefined))(
    'gives the default %s takes when unset',
    (name) => {
      expect(documentedSettings().get(name)).toContain(`\`${String(settingDefault(name))}\``);
    },
  );

  it('names every setting in .env.example too', () => {
    for (const name of SETTING_NAMES) expect(example, name).toMatch(new RegExp(`\\b${name}=`));
  });
});
