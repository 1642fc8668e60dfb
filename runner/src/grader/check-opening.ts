// How every check kind opens: a check whose vantage point this target lacks (a bare
// kubeconfig has no workstation and no nodes) is skipped, saying why, rather than failed;
// otherwise attempts repeat until one passes or the retry window settle.ts gives is up.
import type { Check } from "../lab-format/check-format.ts";
import type { Verdict } from "./check-result.ts";
import { type GradingTarget, missingVantage } from "./grading-target.ts";
import { untilPassed } from "./retry.ts";
import { retryWindowMs } from "./settle.ts";

export type Vantage = "workstation" | "node" | "pod";

export function openCheck(
  target: GradingTarget,
  check: Check,
  vantage: Vantage | undefined,
  attempt: (timeoutMs: number) => Promise<Verdict>,
): Promise<Verdict> {
  // Probe pods run through the admin kubectl every target has.
  const missing = vantage && vantage !== "pod" ? missingVantage(target, vantage) : undefined;
  if (missing)
    return Promise.resolve({
      passed: false,
      expected: check.description,
      observed: "not run",
      skipped: missing,
    });
  // Each attempt may take the check's whole time; whether it is tried again is settle.ts's
  // call (a check graded once, at rest, gets no retries).
  const timeoutMs = check.timeoutSeconds * 1000;
  return untilPassed(retryWindowMs(check), () => attempt(timeoutMs));
}
