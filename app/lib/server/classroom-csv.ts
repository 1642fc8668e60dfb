// The progress table as CSV (RFC 4180): one line per learner × lab × step, so that a
// spreadsheet can filter and pivot it. Names are typed by learners, so every field is
// quoted when it needs to be and defused when a spreadsheet would run it as a formula.
import type { ProgressTable } from "./classroom-table";

const HEADER = [
  "learner",
  "email",
  "lab",
  "step",
  "step_title",
  "status",
  "completed",
  "attempts",
  "hints_used",
  "solution_revealed",
  "seconds_spent",
];

export function progressCsv(table: ProgressTable): string {
  const lines = [HEADER];
  for (const row of table.rows) {
    row.labs.forEach((labRow, labIndex) => {
      const lab = table.labs[labIndex];
      if (!lab) return;
      labRow.cells.forEach((cell, stepIndex) => {
        lines.push([
          row.learner.name,
          row.learner.email,
          lab.slug,
          String(stepIndex + 1),
          lab.steps[stepIndex]?.title ?? "",
          cell.status,
          cell.status === "done" ? "yes" : "no",
          String(cell.attempts),
          String(cell.hintsUsed),
          cell.solutionRevealed ? "yes" : "no",
          String(cell.secondsSpent),
        ]);
      });
    });
  }
  // CRLF line ends, as RFC 4180 and spreadsheet imports expect.
  return lines.map((fields) => fields.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/**
 * Quotes a field that holds a comma, quote or line break (doubling its quotes), and prefixes
 * `'` to one that starts like a formula (=, +, -, @, tab, CR): spreadsheets would otherwise
 * evaluate a learner's name such as `=HYPERLINK(...)` on the instructor's machine.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
