// The one place the project's scripts (setup, start, bench, migrate) read process.env.
// The web app has its own validated env module (app/lib/env.ts).
import path from "node:path";
import { z } from "zod";

export const scriptEnvSchema = z.object({
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  KINDLING_DATA_DIR: z.string().min(1).default(".data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  KINDLING_HOST: z.string().min(1).default("127.0.0.1"),
  KINDLING_PUBLIC_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  /** Runs per figure in the bench's runner section (real clusters); 0 skips it. */
  KINDLING_BENCH_RUNNER_RUNS: z.coerce.number().int().min(0).default(3),
});

export interface ScriptEnv {
  /** Real PostgreSQL; when unset, the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (PGlite) files. */
  pgliteDir: string;
  port: number;
  host: string;
  /** The address browsers use, when the operator set one. */
  publicUrl: string | undefined;
  /** Where browsers reach the app: KINDLING_PUBLIC_URL, else this machine's port. */
  siteUrl: string;
  benchRunnerRuns: number;
}

export function readScriptEnv(env: NodeJS.ProcessEnv = process.env): ScriptEnv {
  const parsed = scriptEnvSchema.parse(env);
  return {
    databaseUrl: parsed.DATABASE_URL,
    pgliteDir: path.resolve(parsed.KINDLING_DATA_DIR, "pglite"),
    port: parsed.PORT,
    host: parsed.KINDLING_HOST,
    publicUrl: parsed.KINDLING_PUBLIC_URL,
    siteUrl:
      parsed.KINDLING_PUBLIC_URL?.replace(/\/+$/, "") ??
      `http://${["127.0.0.1", "0.0.0.0", "::"].includes(parsed.KINDLING_HOST) ? "localhost" : parsed.KINDLING_HOST}:${parsed.PORT}`,
    benchRunnerRuns: parsed.KINDLING_BENCH_RUNNER_RUNS,
  };
}
