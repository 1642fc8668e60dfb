import type { Command } from "commander";
import { randomBytes } from "node:crypto";
import {
  conformanceInputs,
  readRecord,
  RECORD_FILE,
  writeRecord,
} from "../conformance/conformance-record.ts";
import { NOT_APPLICABLE } from "../conformance/conformance-set.ts";
import { runConformance } from "../conformance/conformance-run.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerConformanceCommands(program: Command): void {
  program
    .command("conformance")
    .description(
      "run Kubernetes' own sig-network e2e tests (conformance and Service tests) on a new 1+2 Kindling cluster",
    )
    .option("--focus <regexp>", "only tests whose full name matches (repeatable)", collect)
    .option("--skip <regexp>", "leave out tests whose full name matches (repeatable)", collect)
    .option("--junit <file>", "also write e2e.test's JUnit report here")
    .option("--log <file>", "e2e.test's full output", "conformance.log")
    .option("--name <name>", "the cluster's name (default: conformance-<random>)")
    .option("--keep", "keep the cluster afterwards")
    .option("--nodes <n>", "Ginkgo processes running specs at once", "4")
    .option(
      "--when-changed",
      "run only if the cluster's inputs changed since the recorded passing run (CI)",
    )
    .action(
      async (options: {
        focus?: string[];
        skip?: string[];
        junit?: string;
        log: string;
        name?: string;
        keep?: boolean;
        nodes: string;
        whenChanged?: boolean;
      }) => {
        const inputs = conformanceInputs();
        const record = readRecord();
        if (options.whenChanged && record?.inputs === inputs) {
          console.log(
            `conformance: the whole set passed on ${record.date} with these inputs (${inputs}: ` +
              `${record.passed} passed, ${record.notApplicable} not applicable, ${record.seconds} s); ` +
              "not run again. `npx kindling conformance` runs it anyway.",
          );
          return;
        }
        const started = Date.now();
        const log = (line: string) =>
          console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
        const summary = await runConformance({
          focus: options.focus,
          skip: options.skip,
          name: options.name ?? `conformance-${randomBytes(3).toString("hex")}`,
          keep: options.keep,
          junit: options.junit,
          logFile: options.log,
          nodes: Number(options.nodes),
          log,
        });
        for (const f of summary.failures)
          console.log(`FAIL ${f.name}\n     ${(f.failure ?? "").split("\n")[0]}`);
        for (const s of summary.skips) console.log(`skipped by the suite: ${s.name}`);
        for (const n of NOT_APPLICABLE)
          console.log(`not applicable: ${n.pattern.replace(/\\/g, "")} — ${n.reason}`);
        console.log(
          `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped by the suite, ` +
            `${NOT_APPLICABLE.length} not applicable, in ${summary.seconds.toFixed(0)} s`,
        );
        if (summary.failed > 0) throw new Error(`${summary.failed} conformance test(s) failed`);
        if (summary.passed === 0) throw new Error("no conformance test ran");
        if (!options.focus && !options.skip) {
          await writeRecord({
            inputs,
            date: new Date().toISOString().slice(0, 10),
            passed: summary.passed,
            notApplicable: NOT_APPLICABLE.length,
            seconds: Math.round(summary.seconds),
          });
          console.log(`recorded the passing run in ${RECORD_FILE}; commit it with the change`);
        }
      },
    );
}
