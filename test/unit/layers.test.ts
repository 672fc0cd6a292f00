import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Imports point one way (docs/architecture.md lists the same directions). A folder's
 * layer is its first folder under src/; the files at the top of src/ are their own layer, by name.
 * Type-only imports count too: a type is a dependency on the module that owns it.
 */
const SRC = resolve(import.meta.dirname, '../../src');

/** The domain folders; `http` and `html` are the neutral edge helpers below them. */
const DOMAIN = [
  'analytics',
  'api',
  'doctor',
  'engine',
  'install',
  'intake',
  'queue',
  'roles',
  'sandbox',
  'store',
  'sync',
  'touchpoints',
];
/** What only a composition root (main, start-service, src/roles, the sandbox CLI) may import. */
const ENTRY_POINTS = ['main.ts', 'start-service.ts', 'roles', 'sandbox', 'doctor'];

/** Layer → the layers it must never import. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  // Pure: no I/O, no clock; it may import nothing outside itself (npm packages aside).
  engine: [...DOMAIN, 'http', 'html', 'log.ts', 'metrics.ts', 'config.ts', ...ENTRY_POINTS].filter(
    (l) => l !== 'engine',
  ),
  store: ['intake', 'api', 'sync', 'install', 'queue', 'analytics', 'touchpoints', 'http', 'html', ...ENTRY_POINTS],
  queue: ['intake', 'api', 'sync', 'install', 'analytics', 'touchpoints', 'http', 'html', ...ENTRY_POINTS],
  http: [...DOMAIN, 'html', ...ENTRY_POINTS],
  html: [...DOMAIN, 'http', ...ENTRY_POINTS],
  intake: ['api', 'sync', 'install', 'analytics', 'touchpoints', 'html', ...ENTRY_POINTS],
  install: ['api', 'intake', ...ENTRY_POINTS],
  sync: ['api', 'intake', 'install', 'http', 'html', ...ENTRY_POINTS],
  analytics: ['api', 'intake', 'install', 'sync', 'queue', 'http', 'html', ...ENTRY_POINTS],
  touchpoints: ['api', 'intake', 'install', 'http', 'html', ...ENTRY_POINTS],
  api: ['intake', 'install', ...ENTRY_POINTS],
  'config.ts': [...DOMAIN, ...ENTRY_POINTS],
  'log.ts': [...DOMAIN, ...ENTRY_POINTS],
  'metrics.ts': [...DOMAIN, ...ENTRY_POINTS],
  'coerce-error.ts': [...DOMAIN, ...ENTRY_POINTS],
};

/** The layer of a path relative to src/ ("store/db.ts" → "store", "main.ts" → "main.ts"). */
function layerOf(pathInSrc: string): string {
  return pathInSrc.split(sep)[0] ?? pathInSrc;
}

/** The relative module specifiers a TypeScript source imports or re-exports, static or dynamic. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  for (const m of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  return found.filter((s) => s.startsWith('.'));
}

type Violation = { file: string; imports: string; rule: string };

/** The forbidden imports among `files` (paths relative to src/, with their source text). */
function violations(files: ReadonlyArray<{ path: string; source: string }>): Violation[] {
  const out: Violation[] = [];
  for (const { path, source } of files) {
    const from = layerOf(path);
    const forbidden = FORBIDDEN[from] ?? [];
    for (const spec of importsOf(source)) {
      const target = relative(SRC, resolve(SRC, dirname(path), spec));
      if (target.startsWith('..')) continue; // outside src/ (a workspace package): not a layer
      const to = layerOf(target);
      if (to !== from && forbidden.includes(to))
        out.push({ file: path, imports: target, rule: `${from} must not import ${to}` });
    }
  }
  return out;
}

function sourcesUnder(dir: string): Array<{ path: string; source: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.ts'))
    .map((p) => ({ path: p, source: readFileSync(join(dir, p), 'utf8') }));
}

describe('import directions of src/**/*.ts', () => {
  it('no module imports a layer its layer must not depend on', () => {
    const files = sourcesUnder(SRC);
    expect(files.length).toBeGreaterThan(100);
    expect(violations(files)).toEqual([]);
  });

  it('violations() flags a type import from store into intake, and an api import from install', () => {
    const files = [
      { path: join('store', 'pending.ts'), source: "import type { WebhookEvent } from '../intake/hubspot-events.ts';" },
      { path: join('install', 'page.ts'), source: "import {\n  html,\n} from '../api/preview/html.ts';" },
      { path: join('engine', 'derive.ts'), source: "const m = await import('../store/db.ts');" },
      { path: join('api', 'ok.ts'), source: "import { x } from '../store/db.ts';\nimport { z } from 'zod';" },
    ];
    expect(violations(files).map((v) => v.rule)).toEqual([
      'store must not import intake',
      'install must not import api',
      'engine must not import store',
    ]);
  });
});
