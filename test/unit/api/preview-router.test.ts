import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Journey } from '@journey-stages/contract/journey';
import { createApp } from '../../../src/http/create-app.ts';
import { createMetrics } from '../../../src/metrics.ts';
import { previewRouter, type PreviewRouterDeps } from '../../../src/api/preview/preview-router.ts';
import { captureLog } from '../../helpers/capture-log.ts';

const journey: Journey = {
  portalId: '62515',
  contactId: '101',
  model: {
    id: 'classic-5',
    stages: [
      { id: 'awareness', label: 'Awareness' },
      { id: 'consideration', label: 'Consideration' },
    ],
  },
  current: { stage: 'consideration', enteredAt: '2026-03-02T10:00:00.000Z' },
  timeline: [
    {
      stage: 'consideration',
      enteredAt: '2026-03-02T10:00:00.000Z',
      direction: 'advance',
      reason: 'First deal created: Pilot',
      evidence: [],
    },
  ],
  updatedAt: '2026-03-02T10:00:03.120Z',
};

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

async function serve(overrides: Partial<PreviewRouterDeps> = {}) {
  const calls: Array<[string, string]> = [];
  const { log, lines } = captureLog();
  const router = previewRouter({
    loadJourney: async (portalId, contactId) => {
      calls.push([portalId, contactId]);
      return portalId === '62515' && contactId === '101' ? journey : null;
    },
    now: () => new Date('2026-03-14T12:00:00.000Z'),
    enabled: true,
    ...overrides,
  });
  const app = createApp({ log, metrics: createMetrics(), ready: () => true, routers: [router] });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { get: (path: string) => fetch(base + path), calls, lines };
}

describe('GET /preview/contacts/:contactId', () => {
  it('GET a known contact answers 200 with the journey page, loaded for that portal and contact', async () => {
    const { get, calls } = await serve();
    const res = await get('/preview/contacts/101?portalId=62515');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('Consideration</strong> since 2 Mar 2026 · 12 days');
    expect(body).toContain('First deal created: Pilot');
    expect(calls).toEqual([['62515', '101']]);
  });

  it('GET the page forbids scripts and outside requests through its Content-Security-Policy', async () => {
    const { get } = await serve();
    const res = await get('/preview/contacts/101?portalId=62515');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; ?style-src 'unsafe-inline'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('GET with timeZone dates the page in that zone', async () => {
    const { get } = await serve();
    const body = await (await get('/preview/contacts/101?portalId=62515&timeZone=Asia/Tokyo')).text();
    expect(body).toContain('dates in Asia/Tokyo');
    expect(body).toContain('since 2 Mar 2026');
  });

  it('GET an unknown contact answers 404 with a page that says the contact was not found', async () => {
    const { get } = await serve();
    const res = await get('/preview/contacts/999?portalId=62515');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('Portal 62515 has no contact with ID 999');
  });

  it.each([
    ['without portalId', '/preview/contacts/101', 'Portal ID missing or not a number'],
    ['with a non-numeric portalId', '/preview/contacts/101?portalId=acme', 'Portal ID missing or not a number'],
    ['with portalId twice', '/preview/contacts/101?portalId=1&portalId=2', 'Portal ID missing or not a number'],
    ['with a non-numeric contact id', '/preview/contacts/abc?portalId=62515', 'Not a contact ID'],
    ['with an unknown time zone', '/preview/contacts/101?portalId=62515&timeZone=Mars%2FBase', 'Unknown time zone'],
  ])('GET %s answers 400 with a page that says what to fix, without loading anything', async (_name, path, title) => {
    const { get, calls } = await serve();
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`<h1 id="message-title">${title}</h1>`);
    expect(calls).toEqual([]);
  });

  it('GET when disabled (production without the sandbox) answers 404 exactly like a path that does not exist', async () => {
    const { get, calls } = await serve({ enabled: false });
    const preview = await get('/preview/contacts/101?portalId=62515');
    const missing = await get('/no-such-path');
    expect(preview.status).toBe(404);
    expect((await preview.text()).replace('/preview/contacts/101', '/no-such-path')).toBe(await missing.text());
    expect(calls).toEqual([]);
  });

  it('GET when loading the journey fails answers 500 through the service error handler, which logs it', async () => {
    const { get, lines } = await serve({ loadJourney: () => Promise.reject(new Error('database is down')) });
    const res = await get('/preview/contacts/101?portalId=62515');
    expect(res.status).toBe(500);
    expect(lines().some((line) => line.includes('database is down'))).toBe(true);
  });
});
