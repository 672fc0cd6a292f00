import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import {
  collectFileDependencies,
  collectWorkspaceDirectories,
  findAndParsePackageJsonFiles,
  validateWorkspaceProtocolDependencies,
} from '@hubspot/project-parsing-lib/workspaces';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { describe, expect, it } from 'vitest';

// The service and the three extensions share one contract, imported, never copied.
// The packages live in the HubSpot project's srcDir (app-card/src/app/packages/), where HubSpot's
// docs put shared code ("Share code between your extensions using npm workspaces", CLI 8+).
const repo = join(import.meta.dirname, '../..');
const srcDir = join(repo, 'app-card/src');
const appDir = join(srcDir, 'app');
const packagesDir = join(appDir, 'packages');
const extensions = ['cards', 'pages', 'settings'];
const extensionDirs = extensions.map((name) => join(appDir, name));

type PackageJson = {
  name: string;
  workspaces?: string[];
  exports?: Record<string, string>;
  dependencies?: Record<string, string>;
};
const readPackage = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

function codeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return codeFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Every relative import or re-export in a file, resolved to an absolute path. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1]!));
}

const inside = (dir: string, path: string) => !relative(dir, path).startsWith('..');
const fromRepo = (paths: string[]) => paths.map((p) => relative(repo, p)).sort();

describe('@journey-stages/contract: one contract, imported, never copied', () => {
  const packageFiles = codeFiles(packagesDir);

  it('no extension and no service module holds a copy of a package module', () => {
    const packaged = new Set(packageFiles.map((f) => readFileSync(f, 'utf8')));
    const candidates = [...codeFiles(join(repo, 'src')), ...extensionDirs.flatMap(codeFiles)];
    expect(fromRepo(candidates.filter((f) => packaged.has(readFileSync(f, 'utf8'))))).toEqual([]);
  });

  it("no extension builds a zod schema of its own: the service's answers are read with the package's", () => {
    const valueImportOfZod = /^import\s+(?!type\b)[^;]*from\s+'zod'/m;
    const ownSchemas = extensionDirs.flatMap(codeFiles).filter((f) => valueImportOfZod.test(readFileSync(f, 'utf8')));
    expect(fromRepo(ownSchemas)).toEqual([]);
  });

  it('no extension imports a file outside its own folder by a relative path (HubSpot builds each one alone)', () => {
    // HubSpot's lint rule no-parent-imports (developers.hubspot.com/docs, ui-extensibility/linting/rules):
    // such a file is missing from the deployed extension.
    // Tests are not bundled from the entrypoint, so only what ships is held to it.
    const shipped = (dir: string) => codeFiles(dir).filter((file) => !file.includes('/__test__/'));
    const escapes = extensionDirs.flatMap((dir) =>
      shipped(dir).flatMap((file) =>
        relativeImports(file)
          .filter((target) => !inside(dir, target))
          .map((target) => `${relative(repo, file)} -> ${relative(repo, target)}`),
      ),
    );
    expect(escapes).toEqual([]);
  });

  it('the service imports the packages by name, never by a path into app-card/', () => {
    const intoApp = codeFiles(join(repo, 'src')).filter((file) =>
      relativeImports(file).some((target) => inside(srcDir, target)),
    );
    expect(fromRepo(intoApp)).toEqual([]);
  });

  it("every package's exports name files that exist, and every module of the contract is exported", () => {
    for (const name of readdirSync(packagesDir)) {
      const dir = join(packagesDir, name);
      const targets = Object.values(readPackage(dir).exports ?? {}).map((target) => join(dir, target));
      for (const target of targets) expect(statSync(target).isFile(), relative(repo, target)).toBe(true);
      expect(fromRepo(codeFiles(join(dir, 'src')))).toEqual(fromRepo(targets));
    }
  });

  it('Node loads the contract as npm start does: TypeScript source through the workspace link, no build step', () => {
    // Node refuses to strip types under node_modules; the link resolves to app-card/, outside it.
    const script = "console.log(Object.keys(await import('@journey-stages/contract/funnel-schema')).join(','));";
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' });
    expect(out.trim().split(',')).toEqual(expect.arrayContaining(['Funnel', 'FunnelStage']));
  });
});

// HubSpot CLI 8 (hubspot-cli lib/projects/upload.ts) collects workspaces with these same functions before it zips.
describe('the workspaces hs project upload sends', () => {
  // The upload reads package.json files under srcDir only: the repository root's workspaces are
  // invisible to HubSpot, so app-card/src/app/package.json declares them for HubSpot's build.
  const scan = async () => {
    const parsed = await findAndParsePackageJsonFiles(srcDir);
    return { parsed, workspaces: await collectWorkspaceDirectories(parsed) };
  };

  it('every @journey-stages/* package an extension uses is a workspace inside srcDir, uploaded with it', async () => {
    const { parsed, workspaces } = await scan();
    const memberDirs = new Set(workspaces.map((w) => w.workspaceDir));
    const members = new Set(parsed.filter((p) => memberDirs.has(p.dir)).map((p) => p.content?.name));
    for (const dir of extensionDirs) {
      expect(memberDirs.has(dir), relative(repo, dir)).toBe(true);
      const deps = Object.keys(readPackage(dir).dependencies ?? {});
      const shared = deps.filter((dep) => dep.startsWith('@journey-stages/'));
      expect(shared.sort(), relative(repo, dir)).toEqual([
        '@journey-stages/contract',
        '@journey-stages/extension-kit',
        '@journey-stages/service-url',
      ]);
      for (const dep of shared) expect(members.has(dep), `${dep} in ${relative(repo, dir)}`).toBe(true);
    }
    // Nothing outside srcDir (which the CLI would copy to _workspaces/) and no file: dependency.
    for (const { workspaceDir } of workspaces) expect(inside(srcDir, workspaceDir), workspaceDir).toBe(true);
    expect(await collectFileDependencies(parsed)).toEqual([]);
    expect(() => validateWorkspaceProtocolDependencies(parsed, workspaces)).not.toThrow();
  });

  it('npm ci at the repository root links the same workspaces HubSpot installs', async () => {
    const { workspaces } = await scan();
    const rootWorkspaces = (readPackage(repo).workspaces ?? []).map((w) => join(repo, w));
    expect(fromRepo(rootWorkspaces)).toEqual(fromRepo(workspaces.map((w) => w.workspaceDir)));
  });

  it("HubSpot's parser builds every component with the packages in the project: four cards (tab, sidebar, preview, help desk)", async () => {
    const project = { projectSourceDir: srcDir, platformVersion: '2026.03' };
    const { intermediateRepresentation } = await translate(project, { skipValidation: true, profile: 'example' });
    const nodes = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid);
    const types = nodes.map((node) => node.componentType).sort();
    expect(types).toEqual(['APPLICATION', 'CARD', 'CARD', 'CARD', 'CARD', 'PAGE', 'SETTINGS', 'WEBHOOKS'].sort());
  });
});
