// Checks meet eventual consistency (a rollout, an EndpointSlice, a kube-proxy rule): a
// check is retried until it passes or its timeout ends, and the last attempt that saw the
// learner's answer is the verdict — an attempt whose probe could not run says nothing.
import type { Verdict } from "./check-result.ts";

export async function untilPassed(
  timeoutMs: number,
  attempt: () => Promise<Verdict>,
  pauseMs = 1000,
): Promise<Verdict> {
  const deadline = Date.now() + timeoutMs;
  let lastConclusive: Verdict | undefined;
  for (;;) {
    const verdict = await attempt();
    if (verdict.passed || verdict.skipped) return verdict;
    if (!verdict.inconclusive) lastConclusive = verdict;
    if (Date.now() + pauseMs > deadline) return lastConclusive ?? verdict;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
