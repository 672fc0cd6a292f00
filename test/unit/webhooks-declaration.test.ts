import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// HubSpot uploads only components under the project's src/app/<feature>/ folders, so the
// canonical declaration in webhooks/ has a copy in app-card/, written by `npm run profile`
// (scripts/profile/write-profile.ts syncWebhooksCopy); the two must never drift.
describe('webhooks/webhooks-hsmeta.json', () => {
  it('is byte-identical to the copy HubSpot uploads from app-card/src/app/webhooks/', () => {
    const canonical = readFileSync(new URL('../../webhooks/webhooks-hsmeta.json', import.meta.url), 'utf8');
    const uploaded = readFileSync(
      new URL('../../app-card/src/app/webhooks/webhooks-hsmeta.json', import.meta.url),
      'utf8',
    );
    expect(uploaded, 'run npm run profile -- --sync-webhooks to write the copy').toBe(canonical);
  });
});
