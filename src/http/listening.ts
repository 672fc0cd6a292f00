import { once } from 'node:events';
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
