import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

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

/** Listens on all interfaces; `close()` stops taking connections and waits for requests in flight. */
export async function serve(
  app: { listen(port: number, host: string): Server },
  port: number,
  what: string,
): Promise<RunningServer> {
  const server = app.listen(port, '0.0.0.0');
  await listening(server, what, port);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
