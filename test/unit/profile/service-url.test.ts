import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { serviceUrlFrom } from '@journey-stages/service-url';

const repo = join(import.meta.dirname, '../../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === '__test__') return [];
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('serviceUrlFrom(context.variables)', () => {
  it.each([
    [{ SERVICE_URL: 'https://journey.acme-crm.io' }, 'https://journey.acme-crm.io'],
    [{ SERVICE_URL: 'https://journey.acme-crm.io/' }, 'https://journey.acme-crm.io'],
    [{ SERVICE_URL: 'https://acme.io/journey' }, 'https://acme.io/journey'],
  ])('serviceUrlFrom(%o) is %s', (variables, base) => {
    expect(serviceUrlFrom(variables)).toEqual({ success: true, data: base });
  });

  it.each([
    [undefined],
    [{}],
    [{ SERVICE_URL: '' }],
    [{ SERVICE_URL: 42 }],
    [{ SERVICE_URL: 'http://localhost:3000' }],
    [{ SERVICE_URL: '${SERVICE_URL}' }],
  ])('serviceUrlFrom(%o) refuses and names the fix', (variables) => {
    const result = serviceUrlFrom(variables);
    expect(result.success).toBe(false);
    if (!result.success)
      expect(result.errors).toMatch(/npm run profile -- <name> --url https:.*hs project upload --profile <name>/);
  });

  it('no deployment URL is written into the code: journey-stages.example.com only in tests and the example profile', () => {
    const code = [
      ...files(join(repo, 'app-card/src')),
      ...files(join(repo, 'webhooks')),
      ...files(join(repo, 'src')),
    ].filter((f) => /\.(ts|tsx|json)$/.test(f) && !f.endsWith('hsprofile.example.json') && !f.includes('/fixtures/'));
    expect(
      code.filter((f) => readFileSync(f, 'utf8').includes('journey-stages.example.com')).map((f) => relative(repo, f)),
    ).toEqual([]);
  });
});
