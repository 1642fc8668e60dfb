// Checks meet eventual consistency (a rollout, an EndpointSlice, a kube-proxy rule): a
// check is retried until it passes or its timeout ends, and the last attempt is the verdict.
import type { Verdict } from "./check-result.ts";

export async function untilPassed(
  timeoutMs: number,
  attempt: () => Promise<Verdict>,
  pauseMs = 1000,
): Promise<Verdict> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const verdict = await attempt();
    if (verdict.passed || verdict.skipped || Date.now() + pauseMs > deadline) return verdict;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
