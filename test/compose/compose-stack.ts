// The Compose stack as a test drives it: the repository's docker-compose.yml under a project
// name of its own, on ports given through the environment, with whichever Compose this host
// has (the Docker CLI plugin, or Debian's docker-compose 1.29).
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, "../..");

async function output(command: string, args: string[], env: Record<string, string> = {}) {
  const { stdout } = await exec(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

/** `docker compose` when the plugin is there, else the standalone `docker-compose`. */
async function composeCommand(): Promise<string[]> {
  try {
    await exec("docker", ["compose", "version"]);
    return ["docker", "compose"];
  } catch {
    return ["docker-compose"];
  }
}

export interface ComposePorts {
  app: number;
  runner: number;
  postgres: number;
}

export class ComposeStack {
  private constructor(
    readonly project: string,
    readonly ports: ComposePorts,
    private readonly command: string[],
  ) {}

  static async create(project: string, ports: ComposePorts): Promise<ComposeStack> {
    return new ComposeStack(project, ports, await composeCommand());
  }

  get appUrl(): string {
    return `http://127.0.0.1:${this.ports.app}`;
  }

  get runnerUrl(): string {
    return `http://127.0.0.1:${this.ports.runner}`;
  }

  /** Runs a Compose subcommand for this project; returns its standard output. */
  run(...args: string[]): Promise<string> {
    const [command, ...prefix] = this.command;
    return output(command!, [...prefix, "-p", this.project, ...args], {
      PORT: String(this.ports.app),
      KINDLING_RUNNER_PORT: String(this.ports.runner),
      KINDLING_POSTGRES_PORT: String(this.ports.postgres),
      KINDLING_RUNNER_PUBLIC_URL: `ws://127.0.0.1:${this.ports.runner}`,
      // A warm pool would leave clusters the test did not start; Start makes one cold.
      KINDLING_POOL: "off",
    });
  }

  /** Everything the engine still holds that carries this project's Compose label. */
  async leftovers(): Promise<string[]> {
    const filter = `label=com.docker.compose.project=${this.project}`;
    return labelled(filter);
  }
}

/** Containers (running or not), networks and volumes matching a `docker … ls` filter. */
export async function labelled(filter: string): Promise<string[]> {
  const [containers, networks, volumes] = await Promise.all([
    output("docker", ["ps", "-a", "--filter", filter, "--format", "container {{.Names}}"]),
    output("docker", ["network", "ls", "--filter", filter, "--format", "network {{.Name}}"]),
    output("docker", ["volume", "ls", "--filter", filter, "--format", "volume {{.Name}}"]),
  ]);
  return [containers, networks, volumes].flatMap((text) => (text ? text.split("\n") : []));
}

/** Builds the stack's images through the operator's command; returns the seconds it took. */
export async function buildComposeImages(): Promise<number> {
  const started = performance.now();
  const build = spawn("bash", [path.join(repoRoot, "deploy/compose/build-images.sh")], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  const [code] = (await once(build, "exit")) as [number | null];
  if (code !== 0) throw new Error(`deploy/compose/build-images.sh exited with ${code}`);
  return (performance.now() - started) / 1000;
}
