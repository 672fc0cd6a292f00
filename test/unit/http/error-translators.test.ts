import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/create-app.ts';
import { serve, type RunningServer } from '../../../src/http/listening.ts';
import { createMetrics } from '../../../src/metrics.ts';
import { portalInactiveAsHttpError } from '../../../src/api/portal-status.ts';
import { invalidRowAsHttpError } from '../../../src/api/invalid-row.ts';
import { PortalInactiveError } from '../../../src/sync/token-provider.ts';
import { InvalidRowError } from '../../../src/store/parse-row.ts';
import { captureLog } from '../../helpers/capture-log.ts';

/** The HTTP edge knows no domain error: src/api's translators give them their answers. */
describe('createApp({ errorTranslators })', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function answerTo(err: Error, translate: boolean) {
    const { log, lines } = captureLog();
    const metrics = createMetrics();
    const router = express.Router();
    router.get('/boom', () => {
      throw err;
    });
    const app = createApp({
      log,
      metrics,
      ready: () => true,
      routers: [router],
      ...(translate ? { errorTranslators: [portalInactiveAsHttpError, invalidRowAsHttpError(log, metrics)] } : {}),
    });
    server = await serve(app, 0, 'test');
    const res = await fetch(`${server.url}/boom`);
    return { status: res.status, body: (await res.json()) as { error: string }, lines: lines(), metrics };
  }

  it('a portal uninstalled while the request ran answers 403 portal_uninstalled, not 500', async () => {
    expect(await answerTo(new PortalInactiveError('62515'), true)).toMatchObject({
      status: 403,
      body: { error: 'portal_uninstalled' },
    });
    await server?.close();
    expect(await answerTo(new PortalInactiveError('62515'), false)).toMatchObject({
      status: 500,
      body: { error: 'internal' },
    });
  });

  it('a stored row that no longer parses answers 500 invalid_stored_row, logged and counted', async () => {
    const err = new InvalidRowError({ table: 'contacts', column: 'evidence', portalId: '62515', key: 'contact 101' }, [
      'contact: required',
    ]);
    const { status, body, lines, metrics } = await answerTo(err, true);
    expect({ status, error: body.error }).toEqual({ status: 500, error: 'invalid_stored_row' });
    expect((await metrics.invalidRows.get()).values).toEqual([{ value: 1, labels: { table: 'contacts' } }]);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({
        table: 'contacts',
        column: 'evidence',
        key: 'contact 101',
        msg: expect.stringMatching(/no longer parses/),
      }),
    );
  });
});
