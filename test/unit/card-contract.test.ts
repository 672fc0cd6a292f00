import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// The HubSpot project in app-card/ (what `hs project upload` sends), checked against
// HubSpot's 2026.03 component templates (HubSpot/hubspot-project-components) and docs/api.md.
const projectDir = join(import.meta.dirname, '../../app-card');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(projectDir, path), 'utf8'));

const HsProject = z.object({ name: z.string(), srcDir: z.string(), platformVersion: z.string() });
const AppComponent = z.object({
  uid: z.string(),
  type: z.literal('app'),
  config: z.object({
    name: z.string().min(1),
    distribution: z.literal('marketplace'),
    // URLs come from the config profile (hsprofile.<name>.json); test/unit/profile/ builds them.
    auth: z.object({
      type: z.literal('oauth'),
      redirectUrls: z.array(z.string()),
      requiredScopes: z.array(z.string()),
    }),
    permittedUrls: z.object({ fetch: z.array(z.string()) }),
    support: z.object({ supportEmail: z.string(), documentationUrl: z.string() }),
  }),
});
const CardComponent = z.object({
  uid: z.string(),
  type: z.literal('card'),
  config: z.object({
    name: z.string().min(1),
    location: z.enum(['crm.record.tab', 'crm.record.sidebar']),
    entrypoint: z.string().startsWith('/app/cards/'),
    objectTypes: z.array(z.string()),
  }),
});

function hsmetaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return hsmetaFiles(path);
    return name.endsWith('-hsmeta.json') ? [relative(projectDir, path)] : [];
  });
}

describe('app-card HubSpot project', () => {
  const project = HsProject.parse(readJson('hsproject.json'));
  const app = AppComponent.parse(readJson('src/app/app-hsmeta.json'));
  const card = CardComponent.parse(readJson('src/app/cards/journey-card-hsmeta.json'));

  it('hsproject.json names the project and the current platform version', () => {
    expect(project).toEqual({ name: 'journey-stages', srcDir: 'src', platformVersion: '2026.03' });
  });

  it('app-hsmeta.json requests exactly the scopes the service uses', () => {
    expect([...app.config.auth.requiredScopes].sort()).toEqual(
      [
        'oauth',
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'crm.objects.deals.read',
        'crm.schemas.contacts.read',
        'crm.schemas.contacts.write',
        'tickets',
      ].sort(),
    );
  });

  it("app-hsmeta.json redirects OAuth to the profile's service callback", () => {
    expect(app.config.auth.redirectUrls).toEqual(['${SERVICE_URL}/oauth/callback']);
  });

  it("app-hsmeta.json permits hubspot.fetch to reach the profile's service, the base the extensions read from context.variables", () => {
    expect(app.config.permittedUrls.fetch).toEqual(['${SERVICE_URL}']);
  });

  it('journey-card-hsmeta.json puts the card on contact records and its entrypoint exists', () => {
    expect(card.config.location).toBe('crm.record.tab');
    expect(card.config.objectTypes).toEqual(['contacts']);
    expect(statSync(join(projectDir, project.srcDir, card.config.entrypoint)).isFile()).toBe(true);
  });

  it('every *-hsmeta.json has a unique uid and sits at the top of its feature folder', () => {
    const files = hsmetaFiles(join(projectDir, project.srcDir));
    const uids = files.map((file) => z.object({ uid: z.string() }).parse(readJson(file)).uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const file of files) expect(file.split('/').length, file).toBeLessThanOrEqual(4);
  });
});
