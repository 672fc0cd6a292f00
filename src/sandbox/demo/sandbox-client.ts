import { z } from 'zod';

export type Reply<T> = { success: true; data: T } | { success: false; errors: string[] };

const ErrorBody = z.object({ error: z.string() });

/** The CLI's side of the control router: JSON over HTTP, every answer checked with its schema. */
export function sandboxClient(baseUrl: string, fetchImpl: typeof fetch = fetch) {
  async function call<T>(schema: z.ZodType<T>, path: string, body?: unknown): Promise<Reply<T>> {
    let res: Response;
    try {
      const init =
        body === undefined
          ? {}
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      res = await fetchImpl(baseUrl + path, init);
    } catch {
      return { success: false, errors: [`no sandbox at ${baseUrl}: start it with npm start (or set SANDBOX_URL)`] };
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const refusal = ErrorBody.safeParse(json);
      return {
        success: false,
        errors: [
          refusal.success
            ? refusal.data.error
            : `${baseUrl} answered ${res.status}: is SANDBOX_URL the sandbox's HubSpot stand-in (PORT + 1)?`,
        ],
      };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      return {
        success: false,
        errors: [`${baseUrl}${path} answered with an unexpected body: is SANDBOX_URL the sandbox's HubSpot stand-in?`],
      };
    return { success: true, data: parsed.data };
  }
  return {
    get: <T>(schema: z.ZodType<T>, path: string) => call(schema, path),
    post: <T>(schema: z.ZodType<T>, path: string, body: unknown) => call(schema, path, body),
  };
}
