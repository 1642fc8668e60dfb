// Grading results for people (text), programs (JSON) and CI (JUnit XML).
import type { StepResult } from "./check-result.ts";
import { type JUnitSuite, toJUnitXml } from "./junit.ts";

export function formatStepText(result: StepResult, diagnostics = false): string {
  const verdict = result.passed ? "passed" : "FAILED";
  const lines = [
    `${result.step} — ${result.title}: ${verdict} (${(result.durationMs / 1000).toFixed(1)} s)`,
  ];
  if (result.waitedFor) lines.push(`  waited for: ${result.waitedFor.join("; ")}`);
  for (const r of result.results) {
    const mark = r.skipped ? "-" : r.passed ? "✓" : "✗";
    lines.push(`  ${mark} ${r.id}: ${r.description}`);
    if (r.skipped) lines.push(`      not run: ${r.skipped}`);
    else if (!r.passed) {
      lines.push(`      expected: ${r.expected}`, `      observed: ${r.observed}`);
      if (r.hint) lines.push(`      hint: ${r.hint}`);
      if (diagnostics && r.diagnostics)
        lines.push(...r.diagnostics.split("\n").map((l) => `      | ${l}`));
    }
  }
  return lines.join("\n");
}

export function stepsToJUnit(slug: string, results: StepResult[]): string {
  const suites: JUnitSuite[] = results.map((step) => ({
    name: `${slug}/${step.step}`,
    cases: step.results.map((r) => ({
      name: r.id,
      className: `${slug}.${step.step}`,
      durationMs: r.durationMs,
      skipped: r.skipped,
      failure:
        r.passed || r.skipped
          ? undefined
          : {
              message: r.observed,
              details: `expected: ${r.expected}\nobserved: ${r.observed}${r.diagnostics ? `\n\n${r.diagnostics}` : ""}`,
            },
    })),
  }));
  return toJUnitXml(suites);
}
