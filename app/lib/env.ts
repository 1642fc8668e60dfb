// The web app's only reader of process.env, validated once. Server code imports `env`;
// the runner secret and the auth secret live here, so keep it out of client components.
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./client-address";

export const appEnvSchema = z.object({
  // Set by `npm start` to the embedded database's loopback URL, or by an operator to a
  // real PostgreSQL. Optional here so that pages without data (and `next build`) work.
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  // The embedded database runs one query at a time; its launcher sets this to 1.
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  KINDLING_LABS_DIR: z.string().min(1).default("labs"),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // The runner service (runner/src/api); `npm start` sets both when it starts the runner.
  KINDLING_RUNNER_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  // An empty value is refused like a short one: it must never read as "no secret".
  KINDLING_RUNNER_SECRET: z.string().min(32, "use at least 32 characters").optional(),
  // Signs web sessions (better-auth). Without it, one is kept in KINDLING_DATA_DIR.
  KINDLING_AUTH_SECRET: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(32, "use at least 32 characters").optional(),
  ),
  KINDLING_DATA_DIR: z.string().min(1).default(".data"),
  // The address browsers use to reach the app, e.g. https://labs.example.org; trusted as an
  // origin for sign-in requests. When unset, the request's own origin is trusted.
  KINDLING_PUBLIC_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  // Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed; from any
  // other peer the header is ignored and the TCP peer is the client (client-address.ts).
  KINDLING_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((list, ctx) => {
      try {
        return parseTrustedProxies(list);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

/** Validates an environment; throws one message that names every bad setting. */
export function parseWebEnv(source: Record<string, string | undefined>) {
  const result = appEnvSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  throw new Error(`invalid web app environment: ${problems.join("; ")}`);
}

const parsed = parseWebEnv(process.env);

export const env = {
  databaseUrl: parsed.DATABASE_URL,
  databasePoolMax: parsed.DATABASE_POOL_MAX,
  labsDir: path.resolve(parsed.KINDLING_LABS_DIR),
  isProduction: parsed.NODE_ENV === "production",
  runnerUrl: parsed.KINDLING_RUNNER_URL?.replace(/\/+$/, ""),
  runnerSecret: parsed.KINDLING_RUNNER_SECRET,
  authSecret: parsed.KINDLING_AUTH_SECRET,
  dataDir: path.resolve(parsed.KINDLING_DATA_DIR),
  publicUrl: parsed.KINDLING_PUBLIC_URL?.replace(/\/+$/, ""),
  trustedProxies: parsed.KINDLING_TRUSTED_PROXIES,
};
