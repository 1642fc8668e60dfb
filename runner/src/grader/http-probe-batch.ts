// One exec per vantage point per Check: the http checks of a step that probe from the same
// place (the workstation, the probe pod, a node) have their entry points found each on its
// own, then run all their curl probes in one script there (probe-batch-script.ts), and each
// is judged on its own part of the output — same verdict, same words, one exec instead of
// one per check. Only the first attempt is batched; a check the grader retries probes alone.
import type { HttpCheck } from "../lab-format/check-format.ts";
import type { Check } from "../lab-format/check-format.ts";
import type { Verdict } from "./check-result.ts";
import type { GradingTarget } from "./grading-target.ts";
import { prepareHttp, runFrom } from "./http-check.ts";
import { buildBatchScript, splitBatchOutput } from "./probe-batch-script.ts";

type Settled = { ok: true; verdict: Verdict } | { ok: false; error: unknown };

export class HttpProbeBatch {
  private run?: Promise<Map<HttpCheck, Settled>>;

  constructor(
    private readonly target: GradingTarget,
    private readonly checks: readonly HttpCheck[],
  ) {}

  /** The check's verdict from the batch, which starts on the first call. */
  async verdict(check: HttpCheck): Promise<Verdict> {
    this.run ??= this.probeAll();
    const settled = (await this.run).get(check);
    if (!settled) throw new Error(`check ${check.id} is not in this probe batch`);
    if (!settled.ok) throw settled.error;
    return settled.verdict;
  }

  private async probeAll(): Promise<Map<HttpCheck, Settled>> {
    const results = new Map<HttpCheck, Settled>();
    const prepared = await Promise.allSettled(this.checks.map((c) => prepareHttp(this.target, c)));
    const probing: { check: HttpCheck; script: string; timeoutMs: number; judge: Judge }[] = [];
    prepared.forEach((p, i) => {
      const check = this.checks[i]!;
      if (p.status === "rejected") results.set(check, { ok: false, error: p.reason });
      else if ("verdict" in p.value) results.set(check, { ok: true, verdict: p.value.verdict });
      else probing.push({ check, ...p.value });
    });
    if (probing.length === 0) return results;
    try {
      // The parts run side by side: the exec lasts as long as its slowest part.
      const ran = await runFrom(
        this.target,
        probing[0]!.check.from,
        buildBatchScript(probing.map((p) => p.script)),
        Math.max(...probing.map((p) => p.timeoutMs)),
      );
      const parts = splitBatchOutput(ran.stdout, probing.length);
      probing.forEach((p, i) => {
        try {
          results.set(p.check, { ok: true, verdict: p.judge({ ...ran, stdout: parts[i]! }) });
        } catch (error) {
          results.set(p.check, { ok: false, error });
        }
      });
    } catch (error) {
      for (const p of probing) results.set(p.check, { ok: false, error });
    }
    return results;
  }
}

type Judge = Extract<Awaited<ReturnType<typeof prepareHttp>>, { judge: unknown }>["judge"];

/** A batch for each vantage point that two or more of the step's http checks share. */
export function httpProbeBatches(
  target: GradingTarget,
  checks: readonly Check[],
): Map<Check, HttpProbeBatch> {
  const byVantage = new Map<string, HttpCheck[]>();
  for (const check of checks)
    if (check.kind === "http")
      byVantage.set(check.from, [...(byVantage.get(check.from) ?? []), check]);
  const batches = new Map<Check, HttpProbeBatch>();
  for (const group of byVantage.values()) {
    if (group.length < 2) continue;
    const batch = new HttpProbeBatch(target, group);
    for (const check of group) batches.set(check, batch);
  }
  return batches;
}
