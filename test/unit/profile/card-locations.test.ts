import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';

// HubSpot's own parser (@hubspot/project-parsing-lib, what `hs project upload` runs) builds the
// cards where reps work (docs/cards.md): the record tab, the record sidebar, the preview panel
// and the help desk's ticket sidebar. (Its schema validation needs HubSpot's servers; the
// locations are also the ones @hubspot/ui-extensions 0.17 lists in EXTENSION_POINT_LOCATIONS.)
const srcDir = join(import.meta.dirname, '../../../app-card/src');

type CardConfig = { location: string; entrypoint: string; objectTypes: string[] };

async function cards(): Promise<Record<string, CardConfig>> {
  const { intermediateRepresentation } = await translate(
    { projectSourceDir: srcDir, platformVersion: '2026.03' },
    { skipValidation: true, profile: 'example' },
  );
  const nodes = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid);
  return Object.fromEntries(
    nodes.filter((n) => n.componentType === 'CARD').map((n) => [n.uid, n.config as unknown as CardConfig]),
  );
}

describe("the cards HubSpot's parser builds", () => {
  it('one per place a rep works: tab, sidebar and preview on contacts, the help desk on tickets', async () => {
    const built = await cards();
    expect(
      Object.values(built)
        .map((c) => `${c.location} ${c.objectTypes.join(',')}`)
        .sort(),
    ).toEqual([
      'crm.preview contacts',
      'crm.record.sidebar contacts',
      'crm.record.tab contacts',
      'helpdesk.sidebar tickets',
    ]);
  });

  it('each entrypoint exists and registers itself for its own location', async () => {
    for (const [uid, card] of Object.entries(await cards())) {
      const file = join(srcDir, card.entrypoint);
      expect(existsSync(file), uid).toBe(true);
      expect(readFileSync(file, 'utf8'), uid).toContain(`hubspot.extend<'${card.location}'>`);
    }
  });

  it('the app asks for the tickets scope the help desk card reads with', async () => {
    const app = JSON.parse(readFileSync(join(srcDir, 'app/app-hsmeta.json'), 'utf8')) as {
      config: { auth: { requiredScopes: string[] } };
    };
    expect(app.config.auth.requiredScopes).toContain('tickets');
  });
});
