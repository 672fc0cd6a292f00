import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startService, type Role } from './start-service.ts';
import { coerceError } from './coerce-error.ts';
import { loadStageModelSetting } from './load-stage-model.ts';

// The composition root: settings → logger → service (web, worker or both) → signals.
dotenv.config({ quiet: true });

const args = parseArgs({ options: { role: { type: 'string', default: 'all' } }, strict: false });
const role = String(args.values.role);
if (!['all', 'web', 'worker'].includes(role)) {
  console.error(`journey-stages: --role must be web, worker or all (got "${role}")`);
  process.exit(2);
}

const loaded = loadConfig(process.env);
if (!loaded.success) {
  console.error(`journey-stages: ${loaded.error}`);
  process.exit(2);
}
const config = loaded.data;
const model = loadStageModelSetting(config.stageModel);
if (!model.success) {
  console.error(`journey-stages: ${model.error}`);
  process.exit(2);
}
// The sandbox prints its own progress and URLs; its info logs would bury them.
const quietSandbox = config.mode === 'sandbox' && process.env.LOG_LEVEL === undefined;
const log = createLogger({ level: quietSandbox ? 'warn' : config.logLevel });

try {
  const now = () => new Date();
  let service: { url: string | undefined; stop(): Promise<void> };
  if (config.mode === 'sandbox') {
    // The sandbox's HubSpot lives in memory: unless told otherwise, so does its database.
    if (process.env.DATA_DIR === undefined && config.database.kind === 'pglite') config.database = { kind: 'pglite', dataDir: 'memory' };
    // Loaded only here: production never loads the sandbox's code.
    const { startSandbox, SANDBOX_PORTAL } = await import('./sandbox/start-sandbox.ts');
    const { sandboxUrls } = await import('./sandbox/print-urls.ts');
    const sandbox = await startSandbox({ config, role: role as Role, log, now, defaultModel: model.data });
    const baseUrl = config.publicBaseUrl;
    process.stdout.write(await sandboxUrls(sandbox.service.db, { baseUrl, portalId: SANDBOX_PORTAL, hubspotUrl: sandbox.hubspotUrl, model: model.data }));
    service = { url: sandbox.service.url, stop: () => sandbox.stop() };
  } else {
    service = await startService({ config, role: role as Role, log, now, defaultModel: model.data });
  }
  log.info({ role, mode: config.mode, url: service.url, database: config.database.kind }, 'journey-stages started');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining: no new work, finishing jobs in hand');
    await service.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  log.fatal({ err: coerceError(err) }, 'journey-stages could not start');
  process.exit(1);
}
