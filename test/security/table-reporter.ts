// Prints the hostile-learner suite's table (attempt, expected, observed, verdict) after
// the run, from the ledger the attempts wrote.
import { existsSync, readFileSync, rmSync } from "node:fs";
import type { Reporter } from "vitest/reporters";
import { type Attempt, LEDGER } from "./attempts.ts";

const clip = (text: string, width: number) =>
  text.replace(/\s+/g, " ").slice(0, width).padEnd(width);

export default class SecurityTableReporter implements Reporter {
  onInit(): void {
    rmSync(LEDGER, { force: true });
  }

  onTestRunEnd(): void {
    if (!existsSync(LEDGER)) return;
    const rows = readFileSync(LEDGER, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Attempt);
    const lines = [
      `${clip("family", 10)} ${clip("attempt", 48)} ${clip("expected", 34)} ${clip("observed", 44)} verdict`,
      ...rows.map(
        (r) =>
          `${clip(r.family, 10)} ${clip(r.attempt, 48)} ${clip(r.expected, 34)} ${clip(r.observed, 44)} ${r.held ? "held" : "BROKEN"}`,
      ),
    ];
    const held = rows.filter((r) => r.held).length;
    console.log(`\nHostile-learner suite: ${rows.length} attempts\n${lines.join("\n")}`);
    console.log(`security: ${held} held, ${rows.length - held} broken`);
  }
}
