// `kindling conformance`: Kubernetes' own e2e tests, built from the same Go module as the
// node image's components, run against a fresh Kindling cluster of one control plane and
// two workers with MetalLB. Everything comes from the offline image set and the mirror.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { removeCluster } from "../cluster/cluster-store.ts";
import { KindCluster } from "../cluster/kind-cluster.ts";
import { seedRegistry } from "../cluster/registry-mirror.ts";
import { env } from "../env.ts";
import { conformanceCatalogue } from "../images/catalogue.ts";
import { buildImages } from "../images/image-builder.ts";
import { imagesDir } from "../images/paths.ts";
import { loadVersions } from "../images/versions.ts";
import { runOrThrow } from "../util/run.ts";
import {
  CONFORMANCE_FOCUS,
  type ConformanceSummary,
  NOT_APPLICABLE,
  selector,
  specResults,
  summarise,
} from "./conformance-set.ts";

export interface ConformanceOptions {
  /** Regular expressions over full test names; the default is the whole set. */
  focus?: string[];
  skip?: string[];
  /** Cluster name; it is removed afterwards unless `keep`. */
  name: string;
  keep?: boolean;
  junit?: string;
  /** The e2e binary's own output, in full. */
  logFile: string;
  /** Ginkgo processes running specs at once ([Serial] specs still run alone). */
  nodes?: number;
  log: (line: string) => void;
}

/** Builds e2e.test, agnhost and ginkgo from Go modules once; later calls find them cached. */
export async function e2eBinaries(
  log: (line: string) => void,
): Promise<{ e2e: string; ginkgo: string }> {
  const version = loadVersions().kubernetes;
  const out = path.join(env.KINDLING_CACHE, "bin", `kubernetes-${version}-tests`);
  log(`e2e.test for Kubernetes ${version} (built once from Go modules, then cached)`);
  await runOrThrow("flock", [
    `${out}.lock`,
    "bash",
    path.join(imagesDir, "e2e-agnhost", "go-tests.sh"),
    version,
    out,
  ]);
  return { e2e: path.join(out, "e2e.test"), ginkgo: path.join(out, "ginkgo") };
}

export async function runConformance(
  options: ConformanceOptions,
): Promise<ConformanceSummary & { seconds: number }> {
  const { log } = options;
  const started = Date.now();
  const focus = options.focus ?? CONFORMANCE_FOCUS;
  const skip = [...(options.skip ?? []), ...NOT_APPLICABLE.map((n) => n.pattern)];
  const binaries = await e2eBinaries(log);
  // Recipes' own output (debootstrap, Go) goes beside e2e.test's, not to the terminal.
  const buildLog = options.logFile.replace(/(\.log)?$/, ".images.log");
  log(`the image set and the e2e test images (build output: ${buildLog})`);
  await buildImages({ log, logFile: buildLog });
  await buildImages({ set: "conformance", log, logFile: buildLog });
  await seedRegistry(
    log,
    conformanceCatalogue(loadVersions()).map((s) => s.name),
  );

  log(`creating cluster ${options.name} (1 control plane, 2 workers, loadbalancer)`);
  const cluster = await new KindCluster(options.name)
    .withWorkers(2)
    .withAddons(["loadbalancer"])
    .withProgress((step) => log(`  ${step}`))
    .start();
  const reports = await mkdtemp(path.join(os.tmpdir(), "kindling-conformance-"));
  try {
    const kubeconfig = await cluster.writeKubeconfig();
    const nodes = options.nodes ?? 4;
    const args = [
      "run",
      `--nodes=${nodes}`,
      "--no-color",
      "--timeout=3h",
      `--output-dir=${reports}`,
      "--json-report=report.json",
      "--junit-report=junit.xml",
      ...focus.map((f) => `--focus=${f}`),
      ...skip.map((s) => `--skip=${s}`),
      binaries.e2e,
      "--",
      `--kubeconfig=${kubeconfig}`,
      // A cluster of no known cloud: features are judged by what the cluster offers.
      "--provider=skeleton",
      "--num-nodes=2",
      `--report-dir=${reports}`,
      "--disable-log-dump",
    ];
    log(`running e2e.test on ${nodes} Ginkgo processes (full output: ${options.logFile})`);
    await runE2e(binaries.ginkgo, args, options.logFile, log);
    const results = specResults(
      JSON.parse(await readFile(path.join(reports, "report.json"), "utf8")),
    );
    if (options.junit) {
      await mkdir(path.dirname(path.resolve(options.junit)), { recursive: true });
      await copyFile(path.join(reports, "junit.xml"), options.junit).catch(() =>
        log("e2e.test wrote no JUnit report"),
      );
    }
    return {
      ...summarise(results, selector(focus, skip)),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await rm(reports, { recursive: true, force: true });
    if (!options.keep) await removeCluster(options.name);
  }
}

/** Runs Ginkgo, its output to the log file and a count of finished specs to `log` each minute. */
function runE2e(
  binary: string,
  args: string[],
  logFile: string,
  log: (line: string) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(logFile);
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    // Ginkgo marks each spec as it ends: "•" passed, "S" not selected, and a block that
    // starts "• [FAILED]" (or PANICKED, TIMEDOUT) for each failure.
    let passed = 0;
    let failed = 0;
    const tally = setInterval(
      () => log(`  ${passed + failed} specs finished, ${failed} failed`),
      60_000,
    );
    const count = (chunk: Buffer) => {
      out.write(chunk);
      const text = chunk.toString();
      const failures = text.match(/• \[(FAILED|PANICKED|TIMEDOUT|INTERRUPTED)\]/g)?.length ?? 0;
      failed += failures;
      passed += (text.match(/•/g)?.length ?? 0) - failures;
    };
    child.stdout.on("data", count);
    child.stderr.on("data", (chunk: Buffer) => out.write(chunk));
    child.on("error", (error) => {
      clearInterval(tally);
      reject(new Error(`cannot run ginkgo: ${error.message}`));
    });
    // A failing spec makes the run exit non-zero; the report says which.
    child.on("close", (code) => {
      clearInterval(tally);
      out.end(() => resolve(code ?? 1));
    });
  });
}
