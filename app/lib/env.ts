// The web app's only reader of process.env, validated once. Server code imports `env`;
// nothing here is secret yet, but keep it out of client components all the same.
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  // Set by `npm start` to the embedded database's loopback URL, or by an operator to a
  // real PostgreSQL. Optional here so that pages without data (and `next build`) work.
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  // The embedded database runs one query at a time; its launcher sets this to 1.
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  KINDLING_LABS_DIR: z.string().min(1).default("labs"),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
});

const parsed = schema.parse(process.env);

export const env = {
  databaseUrl: parsed.DATABASE_URL,
  databasePoolMax: parsed.DATABASE_POOL_MAX,
  labsDir: path.resolve(parsed.KINDLING_LABS_DIR),
  isProduction: parsed.NODE_ENV === "production",
};
