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
if (!['all', 'web', 'worker', 'webhooks'].includes(role)) {
  console.error(`journey-stages: --role must be web, worker, webhooks or all (got "${role}")`);
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
const defaultModel = model.data;

const log = createLogger({ level: config.logLevel });

// Signals are taken from the first moment: a Ctrl-C while the sandbox seeds, or a SIGTERM
// while the service starts, waits for the start to finish and then drains, exiting 0.
let started: Promise<{ stop(): Promise<void> } | undefined> = Promise.resolve(undefined);
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) {
    log.warn({ signal }, 'second signal: exiting without draining');
    process.exit(1);
  }
  stopping = true;
  log.info({ signal }, 'draining: no new work, finishing jobs in hand');
  await (await started.catch(() => undefined))?.stop();
  log.info('stopped');
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

async function start(): Promise<{ url: string | undefined; stop(): Promise<void> }> {
  const now = () => new Date();
  if (config.mode !== 'sandbox') return startService({ config, role: role as Role, log, now, defaultModel });
  // Loaded only here: production never loads the sandbox's code.
  const { startSandbox, SANDBOX_PORTAL } = await import('./sandbox/start-sandbox.ts');
  const { sandboxUrls } = await import('./sandbox/print-urls.ts');
  // The sandbox installs and backfills its demo portal: it needs a worker, so it runs both roles.
  if (role !== 'all') log.warn({ role }, 'the sandbox runs web and worker together; --role is ignored');
  const sandbox = await startSandbox({ config, role: 'all', log, now, defaultModel });
  if (!stopping)
    process.stdout.write(
      await sandboxUrls(sandbox.service.db, {
        baseUrl: config.publicBaseUrl,
        portalId: SANDBOX_PORTAL,
        hubspotUrl: sandbox.hubspotUrl,
        model: defaultModel,
        ticketId: sandbox.sharedTicketIds[0],
      }),
    );
  return { url: sandbox.service.url, stop: () => sandbox.stop() };
}

try {
  const running = start();
  started = running;
  const service = await running;
  log.info({ role, mode: config.mode, url: service.url, database: config.database.kind }, 'journey-stages started');
} catch (err) {
  log.fatal({ err: coerceError(err) }, 'journey-stages could not start');
  console.error(`journey-stages could not start: ${coerceError(err).message}`);
  process.exit(1);
}
