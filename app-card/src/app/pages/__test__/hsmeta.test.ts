import { existsSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { FUNNEL_API_BASE_URL } from '../config.ts';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

describe('pages-hsmeta.json', () => {
  it("declares a 2026.03 pages component whose entrypoint exists (hubspot-project-components 2026.03/components/pages)", () => {
    const meta = readJson('../pages-hsmeta.json') as { type: string; config: { entrypoint: string } };
    expect(meta.type).toBe('page');
    expect(existsSync(new URL(`../../..${meta.config.entrypoint}`, import.meta.url))).toBe(true);
  });

  it("the funnel API origin is one the app permits hubspot.fetch to reach", () => {
    const app = readJson('../../app-hsmeta.json') as { config: { permittedUrls: { fetch: string[] } } };
    expect(FUNNEL_API_BASE_URL).toMatch(/^https:\/\//);
    expect(app.config.permittedUrls.fetch).toContain(new URL(FUNNEL_API_BASE_URL).origin);
  });
});
