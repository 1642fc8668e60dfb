import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatLabLoadError } from "./lab-format.ts";
import { loadLab, loadLabs } from "./lab-loader.ts";

const validYaml = `
title: Hello Pods
summary: Run a first Pod.
durationMinutes: 10
difficulty: beginner
topology: { workers: 1 }
addons: [loadbalancer]
steps:
  - title: Start a Pod
    file: steps/01-start.md
`;

let root: string;
let labsDir: string;

async function writeLab(slug: string, yaml: string, steps: Record<string, string> = {}) {
  await mkdir(path.join(labsDir, slug, "steps"), { recursive: true });
  await writeFile(path.join(labsDir, slug, "lab.yaml"), yaml);
  for (const [file, text] of Object.entries(steps)) {
    await writeFile(path.join(labsDir, slug, file), text);
  }
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "kindling-labs-"));
  labsDir = path.join(root, "labs");
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("loadLabs", () => {
  it("loads a valid lab with its step Markdown and defaults", async () => {
    await writeLab("hello-pods", validYaml, {
      "steps/01-start.md": "# Start\n",
    });
    const [result] = await loadLabs(labsDir);
    expect(result).toMatchObject({
      ok: true,
      lab: {
        slug: "hello-pods",
        difficulty: "beginner",
        topology: { workers: 1 },
        addons: ["loadbalancer"],
        steps: [
          {
            title: "Start a Pod",
            file: "steps/01-start.md",
            markdown: "# Start\n",
          },
        ],
      },
    });
  });

  it("names the file and the field of a wrong value, and still loads the other labs", async () => {
    await writeLab("hello-pods", validYaml, {
      "steps/01-start.md": "# Start\n",
    });
    await writeLab("broken", validYaml.replace("title: Start a Pod", "title: 42"), {
      "steps/01-start.md": "x",
    });
    const results = await loadLabs(labsDir);
    expect(results.map((r) => [r.slug, r.ok])).toEqual([
      ["broken", false],
      ["hello-pods", true],
    ]);
    const broken = results[0];
    if (broken?.ok !== false) throw new Error("expected the broken lab to fail");
    expect(broken.errors.map(formatLabLoadError)).toEqual([
      "labs/broken/lab.yaml: steps[0].title: Invalid input: expected string, received number",
    ]);
  });

  it("rejects unknown keys, naming them", async () => {
    await writeLab("typo", `${validYaml}setps: []\n`, {
      "steps/01-start.md": "x",
    });
    const result = await loadLab(labsDir, "typo");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatLabLoadError(result.errors[0]!)).toMatch(/^labs\/typo\/lab.yaml: .*setps/);
  });

  it("reports a missing step file against the step's field", async () => {
    await writeLab("no-step", validYaml);
    const result = await loadLab(labsDir, "no-step");
    expect(!result.ok && result.errors.map(formatLabLoadError)).toEqual([
      "labs/no-step/lab.yaml: steps[0].file: steps/01-start.md not found",
    ]);
  });

  it("reports YAML syntax errors, a missing lab.yaml and a bad folder name", async () => {
    await writeLab("bad-yaml", "title: [unclosed\n");
    await mkdir(path.join(labsDir, "empty"), { recursive: true });
    await writeLab("Not_Kebab", validYaml, { "steps/01-start.md": "x" });
    const results = await loadLabs(labsDir);
    const messages = results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLabLoadError)));
    expect(messages).toEqual([
      "labs/Not_Kebab: expected a kebab-case folder name, e.g. first-service",
      expect.stringMatching(/^labs\/bad-yaml\/lab.yaml: YAML line \d+: /),
      "labs/empty/lab.yaml: missing (every lab folder needs a lab.yaml)",
    ]);
  });
});
