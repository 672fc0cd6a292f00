import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { getAllHsProfiles } from '@hubspot/project-parsing-lib/profiles';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PROFILE_VARIABLES,
  profilePath,
  webhooksCopyPath,
  writeProfile,
} from '../../../scripts/profile/write-profile.ts';

// HubSpot's own parser (@hubspot/project-parsing-lib, what `hs project upload` runs before it
// sends the project) is the witness: what it makes of our files with a profile is what HubSpot builds.
const repo = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'journey-profiles-'));
const projectSrcDir = join(work, 'src');
cpSync(join(repo, 'app-card/src'), projectSrcDir, { recursive: true, filter: (src) => !src.includes('node_modules') });
const paths = { projectSrcDir, canonicalWebhooks: join(repo, 'webhooks/webhooks-hsmeta.json') };

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function build(profile: string) {
  const result = await translate(
    { projectSourceDir: projectSrcDir, platformVersion: '2026.03' },
    { skipValidation: true, profile },
  );
  return result.intermediateRepresentation;
}

/** Every string value anywhere in the built components' configs. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const profiles = {
  local: { url: 'https://quiet-fox-42.trycloudflare.com', accountId: 246810 },
  prod: { url: 'https://journey.acme-crm.io', accountId: 135791 },
} as const;

describe('writeProfile + HubSpot build', () => {
  beforeAll(() => {
    for (const [name, p] of Object.entries(profiles)) {
      expect(writeProfile({ name, url: `${p.url}/`, accountId: p.accountId }, paths).success).toBe(true);
    }
  });

  it('HubSpot finds both profiles the script wrote, next to the committed example', async () => {
    expect((await getAllHsProfiles(projectSrcDir)).sort()).toEqual(['example', 'local', 'prod']);
  });

  for (const [name, p] of Object.entries(profiles)) {
    it(`translate(--profile ${name}) gives project files whose every URL and address is the profile's`, async () => {
      const ir = await build(name);
      const values = Object.values(ir.intermediateNodesIndexedByUid).flatMap((node) => strings(node.config));
      const urls = values.filter((v) => /^https?:\/\//.test(v));
      expect(values.filter((v) => v.includes('${'))).toEqual([]);
      expect(values.join(' ')).not.toMatch(/example\.com|localhost/);
      expect(urls.length).toBeGreaterThanOrEqual(5);
      for (const url of urls) expect(url.startsWith(`${p.url}/`) || url === p.url, url).toBe(true);

      const app = ir.intermediateNodesIndexedByUid.journey_stages_app!.config as {
        auth: { redirectUrls: string[] };
        permittedUrls: { fetch: string[] };
        support: { supportEmail: string };
      };
      expect(app.auth.redirectUrls).toEqual([`${p.url}/oauth/callback`]);
      expect(app.permittedUrls.fetch).toEqual([p.url]);
      expect(app.support.supportEmail).toBe(`support@${new URL(p.url).host}`);
      const webhooks = ir.intermediateNodesIndexedByUid.journey_stages_webhooks!.config as {
        settings: { targetUrl: string };
      };
      expect(webhooks.settings.targetUrl).toBe(`${p.url}/webhooks/hubspot`);
    });

    it(`translate(--profile ${name}) hands SERVICE_URL to the extensions' context.variables`, async () => {
      const ir = await build(name);
      expect(ir.profileData?.vars.profileVariables.SERVICE_URL).toEqual({
        variableType: 'PROFILE_STRING',
        value: p.url,
      });
    });
  }

  it('the *-hsmeta.json files use only the variables a profile written by the script defines', () => {
    const meta = [
      'app/app-hsmeta.json',
      'app/webhooks/webhooks-hsmeta.json',
      'app/cards/journey-card-hsmeta.json',
      'app/pages/pages-hsmeta.json',
      'app/settings/settings-hsmeta.json',
    ];
    const used = new Set(
      meta.flatMap((f) =>
        [...readFileSync(join(repo, 'app-card/src', f), 'utf8').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]),
      ),
    );
    expect([...used].sort()).toEqual([...PROFILE_VARIABLES].sort());
  });

  it('writes the webhooks copy HubSpot uploads byte for byte from the canonical declaration', () => {
    writeFileSync(webhooksCopyPath(projectSrcDir), '{"drifted": true}');
    expect(writeProfile({ name: 'local', url: profiles.local.url }, paths).success).toBe(true);
    expect(readFileSync(webhooksCopyPath(projectSrcDir), 'utf8')).toBe(readFileSync(paths.canonicalWebhooks, 'utf8'));
  });

  it('updating a profile keeps its account and the support details given before', () => {
    expect(
      writeProfile({ name: 'prod', url: profiles.prod.url, supportEmail: 'help@acme-crm.io' }, paths).success,
    ).toBe(true);
    expect(writeProfile({ name: 'prod', url: 'https://journey2.acme-crm.io' }, paths).success).toBe(true);
    const file = JSON.parse(readFileSync(profilePath(projectSrcDir, 'prod'), 'utf8')) as {
      accountId: number;
      variables: Record<string, string>;
    };
    expect(file.accountId).toBe(profiles.prod.accountId);
    expect(file.variables.SERVICE_URL).toBe('https://journey2.acme-crm.io');
    expect(file.variables.SUPPORT_EMAIL).toBe('help@acme-crm.io');
  });

  it.each([
    [{ name: 'new', url: 'https://a.example.org' }, /--account/],
    [{ name: 'local', url: 'http://localhost:3000' }, /https/],
    [{ name: 'local', url: 'not a url' }, /absolute URL/],
    [{ name: 'a.b', url: 'https://a.example.org', accountId: 1 }, /profile name/],
  ])('writeProfile(%o) refuses and says why', (input, message) => {
    const result = writeProfile(input, paths);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.errors).toMatch(message);
  });
});
