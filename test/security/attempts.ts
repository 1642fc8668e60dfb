// The hostile-learner suite's ledger: every attack attempt records what a safe platform
// must do and what it did, and the suite prints them as one table when it ends
// (test/security/table-reporter.ts). Tests still assert each verdict themselves.
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export type Family = "privilege" | "sandbox" | "exhaustion" | "network" | "web";

export interface Attempt {
  family: Family;
  attempt: string;
  expected: string;
  observed: string;
  held: boolean;
}

/** One JSON line per attempt; the reporter reads them back in file order. */
export const LEDGER = path.resolve("test-results", "security-attempts.jsonl");

export function record(attempt: Attempt): Attempt {
  mkdirSync(path.dirname(LEDGER), { recursive: true });
  appendFileSync(LEDGER, `${JSON.stringify(attempt)}\n`);
  return attempt;
}

/**
 * Runs an attack and records it. `attack` resolves to what was observed and whether the
 * defence held; a thrown error counts as observed text and a failed defence.
 */
export async function attempt(
  family: Family,
  name: string,
  expected: string,
  attack: () => Promise<{ observed: string; held: boolean }>,
): Promise<Attempt> {
  let outcome: { observed: string; held: boolean };
  try {
    outcome = await attack();
  } catch (error) {
    outcome = { observed: `error: ${(error as Error).message}`, held: false };
  }
  return record({ family, attempt: name, expected, ...outcome });
}
