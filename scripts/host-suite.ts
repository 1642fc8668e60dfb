// `npm run test:host`: the suites that make clusters of clusters. They are the Kubernetes
// backend on a host cluster made here (sessions, spread, a lost host node, three labs proven
// on it), Kindling deployed there with `kubectl apply -k` and driven from Chromium, and kind
// itself accepting the node image. Together they take over 20 minutes on two cores, so CI
// runs them only when something they exercise changed.
//
// A passing run of the whole project writes a digest of its inputs to
// test/kubernetes/last-pass.json; commit it with the change. `--when-changed` (what
// `npm test` passes) skips the run, saying so, when the committed digest matches the
// checkout. The inputs are every tracked file the suites can reach: the runner with its image
// recipes and manifests, the web app and its database schema, the deployment files, the labs
// they start, the suites and their helpers, and the package lock. Documentation and other
// suites' tests are not inputs.
//
//   npm run test:host                       (run when inputs changed)
//   tsx scripts/host-suite.ts               (run regardless, and record a pass)
//   tsx scripts/host-suite.ts -- -t spread  (run part of it; records nothing)
//   tsx scripts/host-suite.ts --inputs      (print the digest and the recorded one)
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const RECORD = path.join(root, "test", "kubernetes", "last-pass.json");

/** Paths (git pathspecs) whose tracked files the host suites exercise. */
const INPUTS = [
  "runner",
  "app",
  "prisma",
  "deploy",
  "labs/course.yaml",
  "labs/port-forward",
  "labs/nodeport",
  "labs/loadbalancer",
  "labs/ingress",
  "test/kubernetes",
  "test/support",
  "scripts/host-suite.ts",
  "Dockerfile",
  "docker-compose.yml",
  "package.json",
  "package-lock.json",
  "next.config.mjs",
  "prisma.config.ts",
  "tsconfig.json",
  "vitest.config.ts",
];

interface HostSuiteRecord {
  inputs: string;
  date: string;
  seconds: number;
}

function isInput(file: string): boolean {
  if (file.endsWith(".md") || file.endsWith("last-pass.json")) return false;
  // Other suites' tests do not change what these suites see.
  return !file.endsWith(".test.ts") || file.endsWith(".host.test.ts");
}

/** A digest of the inputs' paths and contents as they are in this checkout. */
function hostSuiteInputs(): string | undefined {
  const listed = spawnSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...INPUTS],
    { cwd: root, encoding: "utf8" },
  );
  if (listed.status !== 0) return undefined;
  const files = [...new Set(listed.stdout.split("\0").filter(Boolean))].filter(isInput).sort();
  const hash = createHash("sha256");
  for (const file of files) {
    const absolute = path.join(root, file);
    // A file deleted but not yet staged is still listed; its absence is the change.
    const content = existsSync(absolute) ? readFileSync(absolute) : Buffer.alloc(0);
    hash.update(file).update("\0").update(content).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function readRecord(): HostSuiteRecord | undefined {
  try {
    return JSON.parse(readFileSync(RECORD, "utf8")) as HostSuiteRecord;
  } catch {
    return undefined;
  }
}

async function main(args: string[]): Promise<number> {
  const split = args.indexOf("--");
  const own = split < 0 ? args : args.slice(0, split);
  const vitestArgs = split < 0 ? [] : args.slice(split + 1);
  const whenChanged = own.includes("--when-changed");

  const inputs = hostSuiteInputs();
  const record = readRecord();
  if (own.includes("--inputs")) {
    console.log(
      `${inputs ?? "unknown (not a git checkout)"}; recorded: ${record?.inputs ?? "none"}`,
    );
    return 0;
  }
  if (!inputs) console.log("host suites: not a git checkout, so their inputs are unknown: running");
  else if (whenChanged && record?.inputs === inputs) {
    console.log(
      `host suites: passed on ${record.date} with these inputs (${inputs}, ${record.seconds} s); ` +
        "not run again. `npx tsx scripts/host-suite.ts` runs them anyway.",
    );
    return 0;
  }

  const started = Date.now();
  const child = spawn("npx", ["vitest", "run", "--project", "host", ...vitestArgs], {
    cwd: root,
    stdio: "inherit",
  });
  const code = await new Promise<number>((resolve) =>
    child.on("close", (status) => resolve(status ?? 1)),
  );
  if (code !== 0 || !inputs || vitestArgs.length > 0) return code;
  const passed: HostSuiteRecord = {
    inputs,
    date: new Date().toISOString().slice(0, 10),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(RECORD, `${JSON.stringify(passed, null, 2)}\n`);
  console.log(`host suites: recorded the passing run in ${path.relative(root, RECORD)}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
