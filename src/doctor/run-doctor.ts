import { loadConfig } from '../config.ts';
import { loadStageModelSetting } from '../load-stage-model.ts';
import { portalModels } from '../sync/portal-models.ts';
import { checkDatabase } from './check-database.ts';
import { checkHubSpotAccess } from './check-hubspot-access.ts';
import { checkPreviews } from './check-previews.ts';
import { checkProfileUrl, type ProjectFiles } from './check-profile-url.ts';
import { checkProperties } from './check-properties.ts';
import { checkRefreshes } from './check-refreshes.ts';
import { checkWriteErrors } from './check-write-errors.ts';
import { CHECKS, fail, ok, skip, type CheckResult } from './check-result.ts';

export type DoctorOptions = {
  env: Record<string, string | undefined>;
  files: ProjectFiles;
  /** The config profile this service belongs to; needed only when app-card/src has several. */
  profile?: string | undefined;
  now?: () => Date;
};

/**
 * Every check of `npm run doctor`, in order, one result each; a check that needs what an
 * earlier one found broken is skipped with the reason. Changes nothing anywhere.
 *
 * @example
 * const results = await runDoctor({ env: process.env, files, profile: 'prod' });
 * const healthy = results.every((r) => r.status !== 'fail');
 */
export async function runDoctor(o: DoctorOptions): Promise<CheckResult[]> {
  const now = o.now ?? (() => new Date());
  const loaded = loadConfig(o.env);
  if (!loaded.success)
    return [
      fail('settings', `${loaded.error} (docs/configuration.md, .env.example)`),
      ...CHECKS.slice(1).map((c) => skip(c, 'not checked: the settings do not parse')),
    ];
  const config = loaded.data;
  const model = loadStageModelSetting(config.stageModel);
  const settings = model.success
    ? ok(
        'settings',
        `parse: ${config.mode} mode, PUBLIC_BASE_URL ${config.publicBaseUrl}, stage model ${model.data.id}`,
      )
    : fail('settings', model.error);

  const { result: database, db } = await checkDatabase(config);
  try {
    const access = await checkHubSpotAccess(config, db, now);
    const properties = !model.success
      ? skip('properties', 'not checked: STAGE_MODEL does not load')
      : await checkProperties(config, access.portals, db ? portalModels(db, model.data, 0) : async () => model.data);
    return [
      settings,
      database,
      access.hubspot,
      access.scopes,
      await checkRefreshes(config, db),
      properties,
      await checkWriteErrors(db),
      checkProfileUrl(config, o.files, o.profile),
      checkPreviews(config),
    ];
  } finally {
    await db?.close();
  }
}

/** One line per check: status, name, what was found and how to fix it. */
export function formatReport(results: CheckResult[]): string {
  const mark = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' } as const;
  return results.map((r) => `${mark[r.status]}  ${r.check.padEnd(10)}  ${r.detail}`).join('\n');
}
