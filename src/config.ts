import { z } from 'zod';

/**
 * The settings (docs/configuration.md), parsed once from an injected env.
 * Defaults live in the schema; the rest of the code never reads process.env.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const secret = (name: string) =>
  optionalString.refine((v) => v === undefined || v === v.trim(), {
    message: `${name} has leading or trailing whitespace: copy the value again without spaces or newlines`,
  });

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_BASE_URL: optionalString.pipe(
      z.url({ message: 'must be an absolute URL such as https://journey.example.com' }).optional(),
    ),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (unset it to use the embedded database)')
        .optional(),
    ),
    DATA_DIR: z.string().min(1).optional(),
    HUBSPOT_API_BASE: z.url().default('https://api.hubapi.com'),
    HUBSPOT_CLIENT_ID: optionalString,
    HUBSPOT_CLIENT_SECRET: secret('HUBSPOT_CLIENT_SECRET'),
    HUBSPOT_APP_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'must be the numeric app id').optional()),
    HUBSPOT_ACCESS_TOKEN: secret('HUBSPOT_ACCESS_TOKEN'),
    HUBSPOT_PORTAL_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'must be the numeric portal (hub) id').optional()),
    TOKEN_ENCRYPTION_KEY: secret('TOKEN_ENCRYPTION_KEY').refine(
      (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
      { message: 'must be 32 bytes in base64: create one with `openssl rand -base64 32`' },
    ),
    TOKEN_ENCRYPTION_KEYS_PREVIOUS: optionalString.refine(
      (v) => v === undefined || v.split(',').every((k) => Buffer.from(k.trim(), 'base64').length === 32),
      { message: 'must be a comma-separated list of 32-byte base64 keys (the keys TOKEN_ENCRYPTION_KEY replaced)' },
    ),
    STAGE_MODEL: z.string().min(1).default('classic-5'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    PREVIEWS: optionalString.pipe(z.enum(['on', 'off'], { message: 'must be on or off' }).default('off')),
    WORKER_PORT: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.coerce.number().int().min(0).max(65535).optional(),
    ),
    JOB_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
    DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
    RECONCILE_INTERVAL_MS: z.coerce
      .number({ message: 'must be a number of milliseconds between 10000 and 86400000 (default 900000, 15 minutes)' })
      .int({ message: 'must be a whole number of milliseconds between 10000 and 86400000 (default 900000)' })
      .min(10_000, { message: 'must be at least 10000 (10 s): each sweep costs at least two search calls' })
      .max(86_400_000, { message: 'must be at most 86400000 (a day): a longer gap leaves missed webhooks unrepaired' })
      .default(900_000),
    METRICS_TOKEN: secret('METRICS_TOKEN').refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters: create one with `openssl rand -hex 24`',
    }),
  })
  .superRefine((env, ctx) => {
    const oauth = env.HUBSPOT_CLIENT_ID !== undefined || env.HUBSPOT_APP_ID !== undefined;
    if (oauth && env.HUBSPOT_CLIENT_SECRET === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['HUBSPOT_CLIENT_SECRET'],
        message: 'is required with HUBSPOT_CLIENT_ID: it also checks request signatures',
      });
    if (env.HUBSPOT_CLIENT_ID !== undefined && env.TOKEN_ENCRYPTION_KEY === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['TOKEN_ENCRYPTION_KEY'],
        message: 'is required when OAuth is configured: create one with `openssl rand -base64 32`',
      });
    if ((env.HUBSPOT_ACCESS_TOKEN === undefined) !== (env.HUBSPOT_PORTAL_ID === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [env.HUBSPOT_ACCESS_TOKEN === undefined ? 'HUBSPOT_ACCESS_TOKEN' : 'HUBSPOT_PORTAL_ID'],
        message: 'single-portal mode needs both HUBSPOT_ACCESS_TOKEN and HUBSPOT_PORTAL_ID',
      });
    if (env.HUBSPOT_ACCESS_TOKEN !== undefined && env.HUBSPOT_CLIENT_SECRET === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['HUBSPOT_CLIENT_SECRET'],
        message: 'is required in single-portal mode: it checks request signatures',
      });
  });

/** Every setting the service reads, by its environment name (docs/configuration.md lists each). */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

/** The default a setting takes when it is unset, or undefined when it has none of its own. */
export function settingDefault(name: string): unknown {
  const schema = EnvSchema.shape[name as keyof typeof EnvSchema.shape];
  const parsed = schema?.safeParse(undefined);
  return parsed?.success ? parsed.data : undefined;
}

export type Mode = 'oauth' | 'single-portal' | 'sandbox';

export type Config = {
  port: number;
  publicBaseUrl: string;
  /** DATABASE_URL, else PGlite in DATA_DIR; default ./.data, memory in the sandbox (its HubSpot lives in memory too). */
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | 'memory' };
  hubspotApiBase: string;
  mode: Mode;
  clientId: string | undefined;
  clientSecret: string | undefined;
  appId: string | undefined;
  singlePortal: { portalId: string; accessToken: string } | undefined;
  tokenEncryptionKey: Buffer | undefined;
  /** Keys that sealed tokens before the current one (rotation): read, never written with. */
  previousTokenKeys: Buffer[];
  stageModel: string;
  /** LOG_LEVEL; default info, warn in the sandbox (it prints its own progress and URLs, which info logs would bury). */
  logLevel: NonNullable<z.infer<typeof EnvSchema>['LOG_LEVEL']>;
  /**
   * The HTML previews (unsigned timelines with deal names): on in the sandbox or with
   * PREVIEWS=on, never because NODE_ENV happens to be unset.
   */
  previews: boolean;
  /** When set, GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken: string | undefined;
  /**
   * Where a worker-only process (`--role=worker`) serves /healthz and /metrics, and nothing
   * else: WORKER_PORT, default PORT + 1 (0 when PORT is 0: any free port).
   */
  workerPort: number;
  /** Queue tuning for the worker role (startService's `queue` defaults). */
  queue: { leaseMs: number; drainMs: number; pollMs: number };
  /** RECONCILE_INTERVAL_MS: how often each portal's reconciliation sweep runs (docs/reconciliation.md). */
  reconcileIntervalMs: number;
};

export type LoadConfigResult = { success: true; data: Config } | { success: false; error: string };

/** Parses the environment; on failure returns one line naming the variable and the fix. */
export function loadConfig(env: Record<string, string | undefined>): LoadConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    return { success: false, error: `${name} ${issue.message}` };
  }
  const e = parsed.data;
  const mode: Mode =
    e.HUBSPOT_ACCESS_TOKEN !== undefined ? 'single-portal' : e.HUBSPOT_CLIENT_ID !== undefined ? 'oauth' : 'sandbox';
  return {
    success: true,
    data: {
      port: e.PORT,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      database: e.DATABASE_URL
        ? { kind: 'postgres', url: e.DATABASE_URL }
        : { kind: 'pglite', dataDir: e.DATA_DIR ?? (mode === 'sandbox' ? 'memory' : './.data') },
      hubspotApiBase: e.HUBSPOT_API_BASE.replace(/\/+$/, ''),
      mode,
      clientId: e.HUBSPOT_CLIENT_ID,
      clientSecret: e.HUBSPOT_CLIENT_SECRET,
      appId: e.HUBSPOT_APP_ID,
      singlePortal:
        e.HUBSPOT_ACCESS_TOKEN !== undefined && e.HUBSPOT_PORTAL_ID !== undefined
          ? { portalId: e.HUBSPOT_PORTAL_ID, accessToken: e.HUBSPOT_ACCESS_TOKEN }
          : undefined,
      tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY ? Buffer.from(e.TOKEN_ENCRYPTION_KEY, 'base64') : undefined,
      previousTokenKeys: (e.TOKEN_ENCRYPTION_KEYS_PREVIOUS ?? '')
        .split(',')
        .filter((k) => k.trim() !== '')
        .map((k) => Buffer.from(k.trim(), 'base64')),
      stageModel: e.STAGE_MODEL,
      logLevel: e.LOG_LEVEL ?? (mode === 'sandbox' ? 'warn' : 'info'),
      previews: mode === 'sandbox' || e.PREVIEWS === 'on',
      metricsToken: e.METRICS_TOKEN,
      workerPort: e.WORKER_PORT ?? (e.PORT === 0 ? 0 : Math.min(e.PORT + 1, 65535)),
      queue: { leaseMs: e.JOB_LEASE_MS, drainMs: e.DRAIN_TIMEOUT_MS, pollMs: e.JOB_POLL_MS },
      reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    },
  };
}
