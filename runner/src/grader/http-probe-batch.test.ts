import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSchema } from "../lab-format/check-format.ts";
import { gradeStep } from "./grade-step.ts";
import type { ExecResult, GradingTarget } from "./grading-target.ts";
import { withoutRetries } from "./settle.ts";

// A real web server on loopback and a real shell with curl stand in for the workstation.
let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === "/" ? 200 : 404).end(req.url === "/" ? "You've hit web-1" : "no");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function workstation(): { target: GradingTarget; execs: string[] } {
  const execs: string[] = [];
  const target: GradingTarget = {
    name: "a loopback workstation",
    namespace: "default",
    kubectl: async () => ({ exitCode: 1, stdout: "", stderr: "no cluster here" }),
    workstation: (script) => {
      execs.push(script);
      return new Promise<ExecResult>((resolve) =>
        execFile("sh", ["-c", script], (error, stdout, stderr) =>
          resolve({ exitCode: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        ),
      );
    },
  };
  return { target, execs };
}

const httpCheck = (id: string, path: string, requests = 3) =>
  withoutRetries(
    checkSchema.parse({
      id,
      kind: "http",
      description: `${path} answers`,
      target: { url: `${base}${path}` },
      requests,
      expect: { status: 200, bodyContains: "You've hit web-" },
    }),
  );

describe("http checks from one vantage point", () => {
  it("probe in one exec, each judged on its own outcomes", async () => {
    const { target, execs } = workstation();
    const step = {
      id: "s",
      title: "s",
      hints: [],
      checks: [httpCheck("root", "/"), httpCheck("missing", "/missing"), httpCheck("again", "/")],
    };
    const graded = await gradeStep(target, step);
    expect(execs).toHaveLength(1);
    expect(graded.results.map((r) => [r.id, r.passed])).toEqual([
      ["root", true],
      ["missing", false],
      ["again", true],
    ]);
    expect(graded.results[1]!.observed).toMatch(/404/);
  });

  it("give the same verdicts and words as probing one by one", async () => {
    const checks = [httpCheck("root", "/", 5), httpCheck("missing", "/missing", 2)];
    const together = await gradeStep(workstation().target, {
      id: "s",
      title: "s",
      hints: [],
      checks,
    });
    const alone = await Promise.all(
      checks.map((c) =>
        gradeStep(workstation().target, { id: "s", title: "s", hints: [], checks: [c] }),
      ),
    );
    const words = (r: { passed: boolean; expected: string; observed: string }) => [
      r.passed,
      r.expected,
      r.observed,
    ];
    expect(together.results.map(words)).toEqual(alone.map((a) => words(a.results[0]!)));
  });
});
