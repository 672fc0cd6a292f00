import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  createFakeHubSpot,
  type FakeHubSpot,
  type FakeHubSpotOptions,
} from '../../../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';

export const PORTAL = '62515';
export const T0 = new Date('2026-03-02T10:00:00.000Z');

/** A clock the test moves by hand. */
export function manualClock(start = T0) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

export type RunningFake = {
  fake: FakeHubSpot;
  clock: ReturnType<typeof manualClock>;
  baseUrl: string;
  token: string;
  /** fetch against the fake with the portal's token unless `token` is given (null: none). */
  call: (method: string, path: string, body?: unknown, token?: string | null) => Promise<Response>;
};

const servers = new Set<Server>();

/** Starts a fake on 127.0.0.1 port 0 with one portal and a static token for it. */
export async function startFake(options: Partial<FakeHubSpotOptions> = {}): Promise<RunningFake> {
  const clock = manualClock();
  const fake = createFakeHubSpot({ now: clock.now, portalIds: [PORTAL], ...options });
  const server = await new Promise<Server>((resolve) => {
    const listening = fake.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.add(server);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = fake.state.issueStaticToken(PORTAL);
  const call = (method: string, path: string, body?: unknown, callToken: string | null = token) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(callToken === null ? {} : { authorization: `Bearer ${callToken}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { fake, clock, baseUrl, token, call };
}

/** For afterEach: closes every server started here, dropping open connections. */
export async function stopFakes(): Promise<void> {
  await Promise.all(
    [...servers].map(
      (server) =>
        new Promise<void>((resolve, reject) => {
          server.closeAllConnections();
          server.close((err) => (err ? reject(err) : resolve()));
        }),
    ),
  );
  servers.clear();
}

export function form(values: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  };
}
