import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { seedRegistry } from "../../runner/src/cluster/registry-mirror.ts";
import { buildImages } from "../../runner/src/images/image-builder.ts";
import { docker } from "../../runner/src/util/docker.ts";
import { run } from "../../runner/src/util/run.ts";

// The hostile-learner suite's promise to the operator: afterwards the host is as it was. This
// global setup photographs the host before the first attack and compares after the last:
// containers, networks, volumes, firewall rules, and memory in use back within 5%.
// It assumes nothing else changes the host meanwhile, as in CI.

interface Snapshot {
  containers: string[];
  networks: string[];
  volumes: string[];
  rules: string[];
  memoryMiB: number;
}

const MEMORY_TOLERANCE = 0.05;
const SETTLE_MS = 90_000;

async function memoryInUseMiB(): Promise<number> {
  const info = await readFile("/proc/meminfo", "utf8");
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(info)?.[1]);
  return Math.round((kib("MemTotal") - kib("MemAvailable")) / 1024);
}

async function firewallRules(): Promise<string[]> {
  const rules: string[] = [];
  for (const tool of ["iptables", "ip6tables"]) {
    const listing = await run(tool, ["-S"]);
    if (listing.code === 0) rules.push(...listing.stdout.split("\n").map((l) => `${tool} ${l}`));
  }
  return rules.filter((l) => !l.endsWith(" "));
}

async function snapshot(): Promise<Snapshot> {
  const engine = await docker();
  const [containers, networks, volumes] = await Promise.all([
    engine.listContainers({ all: true }),
    engine.listNetworks(),
    engine.listVolumes(),
  ]);
  return {
    containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, "")).sort(),
    networks: networks.map((n) => n.Name).sort(),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name).sort(),
    rules: (await firewallRules()).sort(),
    memoryMiB: await memoryInUseMiB(),
  };
}

function differences(kind: string, before: string[], after: string[]): string[] {
  const was = new Set(before);
  const is = new Set(after);
  return [
    ...after.filter((x) => !was.has(x)).map((x) => `${kind} left behind: ${x}`),
    ...before.filter((x) => !is.has(x)).map((x) => `${kind} gone: ${x}`),
  ];
}

export default async function setup(): Promise<() => Promise<void>> {
  // The image set and the registry mirror are the host's standing furniture, not the suite's
  // doing: make sure they exist before the photograph.
  await buildImages();
  await seedRegistry();
  const before = await snapshot();
  return async () => {
    const deadline = Date.now() + SETTLE_MS;
    let after = await snapshot();
    let problems: string[];
    for (;;) {
      const memoryLimit = Math.round(before.memoryMiB * (1 + MEMORY_TOLERANCE));
      problems = [
        ...differences("container", before.containers, after.containers),
        ...differences("network", before.networks, after.networks),
        ...differences("volume", before.volumes, after.volumes),
        ...differences("firewall rule", before.rules, after.rules),
        ...(after.memoryMiB > memoryLimit
          ? [`memory in use ${after.memoryMiB} MiB, more than ${memoryLimit} MiB (start + 5%)`]
          : []),
      ];
      // Removal and the kernel's freeing of memory finish shortly after the last test.
      if (problems.length === 0 || Date.now() > deadline) break;
      await sleep(3000);
      after = await snapshot();
    }
    console.log(
      [
        "host after the hostile-learner suite:",
        `  containers ${before.containers.length} → ${after.containers.length}, networks ${before.networks.length} → ${after.networks.length}, volumes ${before.volumes.length} → ${after.volumes.length}, firewall rules ${before.rules.length} → ${after.rules.length}`,
        `  memory in use ${before.memoryMiB} MiB → ${after.memoryMiB} MiB (${(((after.memoryMiB - before.memoryMiB) / before.memoryMiB) * 100).toFixed(1)}%; MemTotal − MemAvailable)`,
      ].join("\n"),
    );
    if (problems.length > 0) {
      // Vitest reports an error thrown here but still exits 0, so the verdict is set directly.
      console.error(`the host is not as before the suite:\n  ${problems.join("\n  ")}`);
      process.exitCode = 1;
    }
  };
}
