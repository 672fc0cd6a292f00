import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { withBrowser } from '../helpers/browser.ts';

async function freePortPair(): Promise<number> {
  for (;;) {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const next = createServer().listen(port + 1, '127.0.0.1');
    const ok = await new Promise<boolean>((r) => {
      next.once('listening', () => r(true));
      next.once('error', () => r(false));
    });
    if (ok) await new Promise((r) => next.close(r));
    if (ok) return port;
  }
}

describe('npm start without HubSpot credentials (the sandbox)', () => {
  // Up to 60 s to come up on a loaded machine, then the pages: more than the default 30 s.
  it('seeds and backfills a demo portal, prints preview URLs that answer with timelines, and stops cleanly', {
    timeout: 150_000,
  }, async () => {
    const port = await freePortPair();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      PORT: String(port),
    };
    const child = spawn(process.execPath, ['src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    try {
      // Waits on the output itself: each chunk is checked as it arrives; an exit or 60 s ends the wait.
      await new Promise<void>((resolve, reject) => {
        const fail = () => reject(new Error(`sandbox did not come up:\n${out}\n${err}`));
        const timer = setTimeout(fail, 60_000);
        const check = () => {
          if (!out.includes('Press Ctrl-C to stop')) return;
          clearTimeout(timer);
          resolve();
        };
        child.stdout!.on('data', check);
        child.once('exit', () => {
          clearTimeout(timer);
          fail();
        });
        check();
      });
      const previews = [
        ...out.matchAll(/^\s+(\w+)\s+(http:\/\/localhost:\d+\/preview\/contacts\/\d+\?portalId=\d+)$/gm),
      ].map((m) => ({ stage: m[1]!, url: m[2]! }));
      expect(previews.map((p) => p.stage)).toEqual(['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy']);
      expect(out).toMatch(/Funnel \(sales managers\):\s+http:\/\/localhost:\d+\/preview\/funnel\?portalId=\d+/);

      await withBrowser(async (browser) => {
        const page = await browser.newPage();
        const purchase = previews.find((p) => p.stage === 'Purchase')!;
        const res = await page.goto(purchase.url.replace('localhost', '127.0.0.1'));
        expect(res?.status()).toBe(200);
        await expect(page.locator('[aria-current="step"]').innerText()).resolves.toContain('Purchase');
        expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
        mkdirSync('test-results', { recursive: true });
        await page.screenshot({ path: 'test-results/sandbox-purchase.png', fullPage: true });
        const funnel = await page.goto(`http://127.0.0.1:${port}/preview/funnel?portalId=62515`);
        expect(funnel?.status()).toBe(200);
        expect(await page.locator('#stages tbody tr').count()).toBe(5);
        expect(await page.locator('#stalled tbody tr, #stalled + p, #cohorts tbody tr').count()).toBeGreaterThan(0);
        await page.screenshot({ path: 'test-results/sandbox-funnel.png', fullPage: true });

        // Consideration, a stage most demo contacts never leave, has a verdict from its movers
        // (once the thresholds computed after the backfill are in).
        const consideration = previews.find((p) => p.stage === 'Consideration')!;
        await vi.waitFor(
          async () => {
            await page.goto(consideration.url.replace('localhost', '127.0.0.1'));
            const status = await page.locator('[data-testid="health"]').getAttribute('data-status', { timeout: 500 });
            expect(['on_track', 'behind', 'stuck']).toContain(status);
          },
          { timeout: 30_000, interval: 250 },
        );
        await expect(page.locator('[data-testid="health"]').innerText()).resolves.toMatch(
          /most contacts that move on do so within \d+ days?/,
        );
      });

      const cli = spawnSync(process.execPath, ['src/sandbox/cli.ts', 'contacts'], {
        env: { ...env, SANDBOX_URL: `http://127.0.0.1:${port + 1}` },
        encoding: 'utf8',
      });
      expect(cli.status).toBe(0);
      expect(cli.stdout.split('\n')[0]).toMatch(/^id\s+name\s+lifecycle stage\s+journey stage\s+deals/);
      expect(cli.stdout).toMatch(/retention/);
      const bad = spawnSync(process.execPath, ['src/sandbox/cli.ts', 'nps', '101', 'eleven'], {
        env: { ...env, SANDBOX_URL: `http://127.0.0.1:${port + 1}` },
        encoding: 'utf8',
      });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/score from 0 to 10/);
    } finally {
      const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGINT');
      expect(await exit).toBe(0);
    }
  });
});
