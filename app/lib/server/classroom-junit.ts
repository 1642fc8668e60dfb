// The progress table as JUnit XML, for CI dashboards and LMS importers that read test
// reports: one <testsuite> per learner, one <testcase> per lab × step, failed when the
// step is not completed. The attempt/hint figures ride along as <properties>.
import type { ProgressTable } from "./classroom-table";

export function progressJUnit(table: ProgressTable, className: string): string {
  const suites: string[] = [];
  let total = 0;
  let failed = 0;
  for (const row of table.rows) {
    const cases: string[] = [];
    let suiteFailed = 0;
    let suiteSeconds = 0;
    row.labs.forEach((labRow, labIndex) => {
      const lab = table.labs[labIndex];
      if (!lab) return;
      labRow.cells.forEach((cell, stepIndex) => {
        const title = lab.steps[stepIndex]?.title ?? "";
        suiteSeconds += cell.secondsSpent;
        const properties = [
          property("status", cell.status),
          property("attempts", String(cell.attempts)),
          property("hints_used", String(cell.hintsUsed)),
          property("solution_revealed", String(cell.solutionRevealed)),
        ].join("");
        const failure =
          cell.status === "done"
            ? ""
            : `<failure message="${xml(cell.status === "in-progress" ? "step started but not completed" : "step not started")}" type="${cell.status}"/>`;
        if (failure) suiteFailed += 1;
        cases.push(
          `    <testcase classname="${xml(lab.slug)}" name="${xml(`${stepIndex + 1}. ${title}`)}" time="${cell.secondsSpent}">` +
            `<properties>${properties}</properties>${failure}</testcase>`,
        );
      });
    });
    total += cases.length;
    failed += suiteFailed;
    suites.push(
      `  <testsuite name="${xml(`${row.learner.name} <${row.learner.email}>`)}" tests="${cases.length}" failures="${suiteFailed}" errors="0" skipped="0" time="${suiteSeconds}">\n` +
        cases.join("\n") +
        (cases.length ? "\n" : "") +
        `  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xml(className)}" tests="${total}" failures="${failed}" errors="0">\n` +
    suites.map((s) => `${s}\n`).join("") +
    `</testsuites>\n`
  );
}

function property(name: string, value: string): string {
  return `<property name="${name}" value="${xml(value)}"/>`;
}

/**
 * Escapes text for an XML attribute, and drops the control characters XML 1.0 cannot carry
 * at all (a learner's name could hold one): a report that fails to parse is no report.
 */
export function xml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\r", "&#13;")
    .replaceAll("\t", "&#9;");
}
