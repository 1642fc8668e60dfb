// command: the escape hatch — a shell command in the workstation (as the learner) or in a
// probe pod, judged on exit code and output, with the author's learner-facing message.
import type { CommandCheck } from "../lab-format/check-format.ts";
import type { Verdict } from "./check-result.ts";
import { openCheck } from "./check-opening.ts";
import type { GradingTarget } from "./grading-target.ts";
import { BUSYBOX_IMAGE, runProbePod } from "./probe-pod.ts";

export function gradeCommand(target: GradingTarget, check: CommandCheck): Promise<Verdict> {
  // Retries share the timeout: one slow command must not run past it.
  return openCheck(target, check, check.from, (timeoutMs) => attempt(target, check, timeoutMs));
}

async function attempt(
  target: GradingTarget,
  check: CommandCheck,
  timeoutMs: number,
): Promise<Verdict> {
  // `timeout` bounds the command itself; exit 124 is how it says the time ran out.
  const seconds = Math.max(1, Math.floor(check.timeoutSeconds));
  const quoted = `'${check.run.replaceAll("'", `'"'"'`)}'`;
  const script = `timeout ${seconds} sh -c ${quoted} 2>&1`;
  const result =
    check.from === "pod"
      ? await runProbePod(target, BUSYBOX_IMAGE, script, timeoutMs + 30_000)
      : await target.workstation!(script, timeoutMs + 10_000);
  const output = `${result.stdout}${result.stderr}`;
  const expected = check.description;
  const diagnostics = `$ ${check.run}\n(exit ${result.exitCode})\n${output.trim().slice(-2000)}`;
  if (result.exitCode === -1)
    // The probe pod itself did not run: the command never met the learner's answer.
    return {
      passed: false,
      expected,
      observed: `${check.message} (the check's probe pod could not run yet)`,
      diagnostics,
      inconclusive: true,
    };
  if (result.exitCode === 124)
    return {
      passed: false,
      expected,
      observed: `${check.message} (the command timed out after ${seconds} s)`,
      diagnostics,
    };
  const codeOk = result.exitCode === check.expect.exitCode;
  const outputOk = !check.expect.outputContains || output.includes(check.expect.outputContains);
  if (!codeOk || !outputOk)
    return { passed: false, expected, observed: check.message, diagnostics };
  return { passed: true, expected, observed: "as expected", diagnostics };
}
