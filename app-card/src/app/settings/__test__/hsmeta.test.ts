import { existsSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

describe('settings-hsmeta.json', () => {
  it('declares a 2026.03 settings component whose entrypoint exists (hubspot-project-components 2026.03/components/settings)', () => {
    const meta = readJson('../settings-hsmeta.json') as { type: string; config: { entrypoint: string } };
    expect(meta.type).toBe('settings');
    expect(existsSync(new URL(`../../..${meta.config.entrypoint}`, import.meta.url))).toBe(true);
  });

  it("the app permits hubspot.fetch to reach the profile's SERVICE_URL, the base this page reads from context.variables", () => {
    const app = readJson('../../app-hsmeta.json') as { config: { permittedUrls: { fetch: string[] } } };
    expect(app.config.permittedUrls.fetch).toEqual(['${SERVICE_URL}']);
  });
});
