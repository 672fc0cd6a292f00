import type { AddressInfo } from 'node:net';
import express from 'express';
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { startService, type Role, type Service } from '../start-service.ts';
import { listening } from '../http/listening.ts';
import { staticTokens } from '../sync/token-provider.ts';
import { startBackfill, backfillStatus } from '../sync/backfill.ts';
import { saveAlerts } from '../store/owner-task-store.ts';
import { createFakeHubSpot, SANDBOX_APP } from './fake-hubspot/create-fake-hubspot.ts';
import { createWebhookSender } from './webhook-sender.ts';
import { seedPortal } from './seed-portal.ts';
import { startSalesTeam } from './simulate-sales-team.ts';
import { controlRouter } from './control-router.ts';
import { ensurePortal } from '../store/portal-store.ts';
import { scheduleReconcile } from '../sync/reconcile-sweep.ts';

export const SANDBOX_PORTAL = '62515';

export type Sandbox = {
  service: Service;
  hubspotUrl: string;
  contactIds: string[];
  /** Demo tickets with two contacts, for the help desk card's preview. */
  sharedTicketIds: string[];
  stop(): Promise<void>;
};

/**
 * `npm start` without HubSpot credentials: a HubSpot stand-in on loopback (PORT + 1),
 * a demo portal seeded with months of history, the service installed into it exactly as
 * in production (property setup, backfill), then live, signed webhooks as a simulated
 * sales team works. Only the API base URL and the credentials differ from production.
 */
export async function startSandbox(o: {
  config: Config;
  role: Role;
  log: Logger;
  now: () => Date;
  defaultModel: StageModel;
  contacts?: number;
  salesTeamEveryMs?: number;
  out?: NodeJS.WritableStream;
}): Promise<Sandbox> {
  const out = o.out ?? process.stdout;
  const fake = createFakeHubSpot({ now: o.now, webhookFormat: 'generic', portalIds: [SANDBOX_PORTAL] });
  const outer = express();
  outer.use(controlRouter(fake.state, SANDBOX_PORTAL));
  outer.use(fake.app);
  const standInPort = o.config.port === 0 ? 0 : o.config.port + 1;
  const server = outer.listen(standInPort, '127.0.0.1');
  await listening(server, "the sandbox's HubSpot stand-in, PORT + 1", standInPort);
  const hubspotUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const config: Config = {
    ...o.config,
    hubspotApiBase: hubspotUrl,
    clientSecret: SANDBOX_APP.clientSecret,
    appId: String(SANDBOX_APP.appId),
  };
  const service = await startService({
    config,
    role: o.role,
    log: o.log,
    now: o.now,
    defaultModel: o.defaultModel,
    tokens: staticTokens({ [SANDBOX_PORTAL]: fake.state.issueStaticToken(SANDBOX_PORTAL) }),
  });

  const total = o.contacts ?? 300;
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total} contacts',
      noTTYOutput: true,
      notTTYSchedule: 1000,
      stream: out as NodeJS.WriteStream,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { phase: 'seeding demo portal  ' });
  const seeded = seedPortal(fake.state, SANDBOX_PORTAL, {
    contacts: total,
    now: o.now(),
    seed: 62515,
    onProgress: (done) => bar.update(done),
  });
  bar.update(total);

  // The install: the portal's row (webhooks of portals not installed are dropped), properties,
  // then the backfill of everything seeded, as for a new customer.
  await ensurePortal(service.db, SANDBOX_PORTAL);
  // The demo admin wants a task for the owner whenever a contact falls behind or gets stuck.
  await saveAlerts(service.db, SANDBOX_PORTAL, { behindTask: true, stuckTask: true }, o.now());
  await startBackfill(service.db, SANDBOX_PORTAL, o.now());
  // As an install does: the reconciliation sweeps start an interval on (docs/reconciliation.md).
  await scheduleReconcile(
    service.db,
    SANDBOX_PORTAL,
    new Date(o.now().getTime() + config.reconcileIntervalMs),
    o.now(),
  );
  bar.update(0, { phase: 'backfilling journeys ' });
  for (;;) {
    const status = await backfillStatus(service.db, SANDBOX_PORTAL, o.now());
    if (status) {
      bar.setTotal(status.total ?? total);
      bar.update(status.done);
    }
    if (status?.state === 'done') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  bar.stop();

  const sender = createWebhookSender({
    targetUrl: `${service.url}/webhooks/hubspot`,
    signedUrl: `${config.publicBaseUrl}/webhooks/hubspot`,
    secret: SANDBOX_APP.clientSecret,
    log: o.log.child({ part: 'sandbox-webhooks' }),
    now: o.now,
  });
  const unsubscribe = fake.state.onEvents((events) => sender.send(events));
  const team = startSalesTeam(fake.state, SANDBOX_PORTAL, {
    everyMs: o.salesTeamEveryMs ?? 5_000,
    random: Math.random,
    now: o.now,
    onError: (err) =>
      o.log.warn({ err: (err as Error).message }, "the simulated sales team's change was refused by the stand-in"),
  });

  return {
    service,
    hubspotUrl,
    contactIds: seeded.contactIds,
    sharedTicketIds: seeded.sharedTicketIds,
    async stop() {
      team.stop();
      unsubscribe();
      await sender.stop();
      await service.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
