import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { trackOpen } from './open-resources.ts';
import {
  createFakeHubSpot,
  type FakeHubSpot,
  type FakeHubSpotOptions,
} from '../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';

export type RunningFake = FakeHubSpot & { url: string; close(): Promise<void> };

/** The HubSpot stand-in listening on a free loopback port. */
export async function startFakeHubSpot(options: Partial<FakeHubSpotOptions> = {}): Promise<RunningFake> {
  const fake = createFakeHubSpot({ now: () => new Date(), ...options });
  const server: Server = fake.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = trackOpen('server', `HubSpot stand-in ${url} (startFakeHubSpot)`);
  return {
    ...fake,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          closed();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
