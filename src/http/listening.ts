import { once } from 'node:events';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HTTP_LIMITS } from './http-limits.ts';

/** Waits until the server listens; a port already taken becomes an error that says what to do. */
export async function listening(server: Server, what: string, port: number): Promise<void> {
  try {
    await once(server, 'listening');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`port ${port} (${what}) is already in use: stop the other process or start with another PORT`);
    throw err;
  }
}

export type RunningServer = { url: string; close(): Promise<void> };

/**
 * Listens on all interfaces with the limits of HTTP_LIMITS. `close()` stops taking
 * connections, closes idle ones and those whose request is still arriving (a slow or stalled
 * upload is no work in hand), waits for the requests being answered at most `drainMs`, then
 * closes whatever is left.
 */
export async function serve(
  app: RequestListener,
  port: number,
  what: string,
  drainMs = 10_000,
): Promise<RunningServer> {
  const server = createServer(
    {
      headersTimeout: HTTP_LIMITS.headersTimeoutMs,
      requestTimeout: HTTP_LIMITS.requestTimeoutMs,
      keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
      connectionsCheckingInterval: HTTP_LIMITS.timeoutCheckMs,
    },
    app,
  );
  server.maxConnections = HTTP_LIMITS.maxConnections;
  const arriving = new Set<Socket>();
  server.on('request', (req: IncomingMessage) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.complete) return;
    arriving.add(req.socket);
    const received = () => arriving.delete(req.socket);
    req.once('end', received);
    req.once('close', received);
  });
  server.listen(port, '0.0.0.0');
  await listening(server, what, port);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const socket of arriving) socket.destroy();
      const timer = setTimeout(() => server.closeAllConnections(), drainMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
