import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const minutes = (fallback: number) => z.coerce.number().positive().default(fallback);

// The runner's only reader of process.env: every setting is validated here once.
export const runnerEnvSchema = z.object({
  KINDLING_CACHE: z
    .string()
    .min(1)
    .default(path.join(os.homedir(), ".cache", "kindling")),
  KINDLING_HOME: z.string().min(1).default(path.join(os.homedir(), ".kindling")),
  KINDLING_IMAGE_SOURCE: z.enum(["offline", "online"]).default("offline"),
  /** The Docker engine to drive (as Docker's CLI reads it); unset: the local socket. */
  DOCKER_HOST: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  /** The host firewall that keeps learner containers on their own cluster's network. */
  KINDLING_NETWORK_FENCE: z.enum(["on", "off"]).default("on"),
  /** Keep a cluster whose creation failed, to look inside it. */
  KINDLING_KEEP_FAILED: z.enum(["0", "1"]).default("0"),
  /** The labs folder the runner provisions from (the same folder the web app shows). */
  KINDLING_LABS_DIR: z.string().min(1).default(path.join(repoRoot, "labs")),
  /** Bearer secret shared with the web app; generated under KINDLING_HOME when unset. */
  KINDLING_RUNNER_SECRET: z.string().min(32, "use at least 32 characters").optional(),
  KINDLING_RUNNER_HOST: z.string().min(1).default("127.0.0.1"),
  KINDLING_RUNNER_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Base of the terminal URLs handed to browsers, e.g. wss://labs.example.org/runner. */
  KINDLING_RUNNER_PUBLIC_URL: z.url().optional(),
  /** Environments (sessions + warm pool) this host may hold at once. */
  KINDLING_MAX_ENVIRONMENTS: z.coerce.number().int().min(1).default(4),
  /** Warm pool: "auto" (sized from free memory), "off", or per topology, e.g. "w0=1,w1=2". */
  KINDLING_POOL: z.string().default("auto"),
  /** Where environments run: Docker on this host, or pods on a host Kubernetes cluster. */
  KINDLING_BACKEND: z.enum(["docker", "kubernetes"]).default("docker"),
  /** The host cluster's kubeconfig (KINDLING_BACKEND=kubernetes). */
  KINDLING_HOST_KUBECONFIG: z.string().min(1).optional(),
  /**
   * "namespace/name": keep the runner's state in that ConfigMap of the host cluster instead
   * of a file under KINDLING_HOME (KINDLING_BACKEND=kubernetes; deploy/kubernetes sets it).
   */
  KINDLING_STATE_CONFIGMAP: z.string().min(1).optional(),
  KINDLING_SESSION_MINUTES: minutes(60),
  /** Hard cap on a session's length, extensions included. */
  KINDLING_SESSION_MAX_MINUTES: minutes(180),
  KINDLING_SESSION_IDLE_MINUTES: minutes(20),
  KINDLING_SESSION_WARNING_MINUTES: minutes(5),
  KINDLING_SESSION_EXTEND_MINUTES: minutes(30),
});

export type RunnerEnv = z.infer<typeof runnerEnvSchema>;

export function loadRunnerEnv(source: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const parsed = runnerEnvSchema.safeParse(source);
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
