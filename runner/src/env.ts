import os from "node:os";
import path from "node:path";
import { z } from "zod";

// The runner's only reader of process.env: every setting is validated here once.
const schema = z.object({
  KINDLING_CACHE: z
    .string()
    .min(1)
    .default(path.join(os.homedir(), ".cache", "kindling")),
  KINDLING_HOME: z.string().min(1).default(path.join(os.homedir(), ".kindling")),
  KINDLING_IMAGE_SOURCE: z.enum(["offline", "online"]).default("offline"),
  /** Keep a cluster whose creation failed, to look inside it. */
  KINDLING_KEEP_FAILED: z.enum(["0", "1"]).default("0"),
});

export type RunnerEnv = z.infer<typeof schema>;

export function loadRunnerEnv(source: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid runner environment: ${problems.join("; ")}`);
  }
  return parsed.data;
}

// testcontainers' reaper (Ryuk) is an image pulled from a registry, and it would remove
// clusters when the CLI exits; Kindling labels what it creates and reaps it itself.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";

export const env = loadRunnerEnv();
