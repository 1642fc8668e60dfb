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
  - id: start
    title: Start a Pod
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
        setup: [],
        steps: [
          {
            id: "start",
            gated: true,
            hints: [],
            checks: [],
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

const labWithChecks = `
title: NodePort
summary: Expose pods.
durationMinutes: 20
difficulty: beginner
topology: { workers: 2 }
steps:
  - id: create-service
    title: Create it
    file: steps/01-create.md
    solution: solution/01
    checks:
      - id: service-type
        kind: resource
        description: a NodePort Service
        resource: { apiVersion: v1, kind: Service, name: kubia }
        expect: { spec: { type: NodePort } }
      - id: answers
        kind: http
        description: every node answers
        target: { nodePort: { service: kubia } }
        requests: 10
        expect: { distinctBackends: { min: 2 } }
knownWrong:
  - name: bad-port
    step: create-service
    fails: [{ check: answers, message: refused }]
alternatives:
  - name: expose
    step: create-service
    why: kubectl expose instead of a manifest
`;

async function writeFolders(slug: string, folders: string[]) {
  for (const folder of folders) {
    await mkdir(path.join(labsDir, slug, folder), { recursive: true });
    await writeFile(path.join(labsDir, slug, folder, "x.yaml"), "kind: List\n");
  }
}

describe("checks, solutions and known-wrong answers", () => {
  it("loads checks with their defaults, and setup manifests in name order", async () => {
    await writeLab("np", labWithChecks, { "steps/01-create.md": "x" });
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose", "setup"]);
    const result = await loadLab(labsDir, "np");
    if (!result.ok) throw new Error(result.errors.map(formatLabLoadError).join("\n"));
    const [typeCheck, answers] = result.lab.steps[0]!.checks;
    expect(typeCheck).toMatchObject({ kind: "resource", timeoutSeconds: 10, absent: false });
    expect(answers).toMatchObject({
      kind: "http",
      from: "workstation",
      expect: { status: 200, answeringNodes: "all", distinctBackends: { min: 2 } },
    });
    expect(result.lab.setup).toEqual(["setup/x.yaml"]);
  });

  it("names the field of a wrong check, with the check's own field", async () => {
    await writeLab(
      "np",
      labWithChecks.replace(
        "expect: { distinctBackends: { min: 2 } }",
        "expect: { distinctBackend: 2 }",
      ),
      { "steps/01-create.md": "x" },
    );
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose"]);
    const result = await loadLab(labsDir, "np");
    expect(!result.ok && result.errors.map(formatLabLoadError)).toEqual([
      expect.stringMatching(
        /^labs\/np\/lab.yaml: steps\[0\].checks\[1\].expect: .*distinctBackend/,
      ),
    ]);
  });

  it("enforces the semantics of affinity and spreading checks", async () => {
    await writeLab("np", labWithChecks.replace("requests: 10", "requests: 3"), {
      "steps/01-create.md": "x",
    });
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose"]);
    const result = await loadLab(labsDir, "np");
    expect(!result.ok && result.errors.map(formatLabLoadError)).toEqual([
      "labs/np/lab.yaml: steps[0].checks[1].requests: distinctBackends { min: 2+ } needs requests ≥ 10 to be reliable",
    ]);
  });

  it("requires known-wrong answers to name a real check of their step, and folders to exist", async () => {
    await writeLab("np", labWithChecks.replace("check: answers", "check: answer"), {
      "steps/01-create.md": "x",
    });
    const result = await loadLab(labsDir, "np");
    expect(!result.ok && result.errors.map(formatLabLoadError).sort()).toEqual([
      "labs/np/lab.yaml: alternatives[0].name: folder alternative/expose not found",
      'labs/np/lab.yaml: knownWrong[0].fails[0].check: step "create-service" has no check "answer" (checks: service-type, answers)',
      "labs/np/lab.yaml: knownWrong[0].name: folder wrong/bad-port not found",
      "labs/np/lab.yaml: steps[0].solution: folder solution/01 not found",
    ]);
  });

  it("reports duplicate ids and an unclosed code block with its line", async () => {
    await writeLab("np", labWithChecks.replace("id: answers", "id: service-type"), {
      "steps/01-create.md": "Intro\n\n```bash\nkubectl get svc\n",
    });
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose"]);
    const result = await loadLab(labsDir, "np");
    expect(!result.ok && result.errors.map(formatLabLoadError).sort()).toEqual([
      'labs/np/lab.yaml: knownWrong[0].fails[0].check: step "create-service" has no check "answers" (checks: service-type, service-type)',
      'labs/np/lab.yaml: steps[0].checks[1].id: "service-type" is already the id of checks[0] in this step',
      "labs/np/steps/01-create.md: line 3: code block is never closed",
    ]);
  });
});

describe("rechecks", () => {
  it("loads a check that re-checks an earlier step, but not a step made of them alone", async () => {
    const oneRecheck = labWithChecks.replace(
      "        expect: { distinctBackends: { min: 2 } }",
      "        expect: { distinctBackends: { min: 2 } }\n        recheck: true",
    );
    await writeLab("np", oneRecheck, { "steps/01-create.md": "x" });
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose"]);
    const result = await loadLab(labsDir, "np");
    if (!result.ok) throw new Error(result.errors.map(formatLabLoadError).join("\n"));
    expect(result.lab.steps[0]!.checks.map((c) => c.recheck)).toEqual([false, true]);

    await writeLab(
      "np",
      oneRecheck.replace(
        "        expect: { spec: { type: NodePort } }",
        "        expect: { spec: { type: NodePort } }\n        recheck: true",
      ),
      { "steps/01-create.md": "x" },
    );
    const onlyRechecks = await loadLab(labsDir, "np");
    expect(!onlyRechecks.ok && onlyRechecks.errors.map(formatLabLoadError)).toEqual([
      "labs/np/lab.yaml: steps[0].checks: every check is a recheck: a step needs at least one check of its own",
    ]);
  });
});

describe("alternative answers", () => {
  it("loads them with their step and why", async () => {
    await writeLab("np", labWithChecks, { "steps/01-create.md": "x" });
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose"]);
    const result = await loadLab(labsDir, "np");
    if (!result.ok) throw new Error(result.errors.map(formatLabLoadError).join("\n"));
    expect(result.lab.alternatives).toEqual([
      { name: "expose", step: "create-service", why: "kubectl expose instead of a manifest" },
    ]);
  });

  it("requires one for every step with checks, and none for a step without", async () => {
    const withoutAlternatives = labWithChecks.slice(0, labWithChecks.indexOf("alternatives:"));
    await writeLab("np", withoutAlternatives, { "steps/01-create.md": "x" });
    await writeFolders("np", ["solution/01", "wrong/bad-port"]);
    const result = await loadLab(labsDir, "np");
    expect(!result.ok && result.errors.map(formatLabLoadError)).toEqual([
      'labs/np/lab.yaml: steps[0]: step "create-service" has checks but no alternative answer (alternatives: [{ name, step: create-service, why }] with a folder alternative/<name>/)',
    ]);
    await writeLab("hello", validYaml, { "steps/01-start.md": "x" });
    expect((await loadLab(labsDir, "hello")).ok).toBe(true);
  });

  it("names an unknown step, a repeated name and a multi-line why", async () => {
    const yaml = labWithChecks.replace(
      "    why: kubectl expose instead of a manifest\n",
      [
        "    why: kubectl expose instead of a manifest",
        "  - name: expose",
        "    step: create-svc",
        '    why: "two\\nlines"',
        "",
      ].join("\n"),
    );
    await writeLab("np", yaml, { "steps/01-create.md": "x" });
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose"]);
    const result = await loadLab(labsDir, "np");
    expect(!result.ok && result.errors.map(formatLabLoadError)).toEqual([
      "labs/np/lab.yaml: alternatives[1].why: expected one line",
    ]);
    await writeLab("np", yaml.replace('"two\\nlines"', "one line"), { "steps/01-create.md": "x" });
    const again = await loadLab(labsDir, "np");
    expect(!again.ok && again.errors.map(formatLabLoadError).sort()).toEqual([
      'labs/np/lab.yaml: alternatives[1].name: "expose" is listed twice',
      'labs/np/lab.yaml: alternatives[1].step: no step has the id "create-svc" (steps: create-service)',
    ]);
  });

  it("requires an answer in the folder, and undo.sh beside a solve.sh", async () => {
    await writeLab("np", labWithChecks, { "steps/01-create.md": "x" });
    await writeFolders("np", ["solution/01", "wrong/bad-port"]);
    const folder = path.join(labsDir, "np", "alternative/expose");
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "README.txt"), "nothing to apply");
    const empty = await loadLab(labsDir, "np");
    expect(!empty.ok && empty.errors.map(formatLabLoadError)).toEqual([
      "labs/np/lab.yaml: alternatives[0].name: folder alternative/expose has neither manifests (*.yaml) nor solve.sh",
    ]);
    await writeFile(path.join(folder, "solve.sh"), "kubectl expose deployment kubia\n");
    const noUndo = await loadLab(labsDir, "np");
    expect(!noUndo.ok && noUndo.errors.map(formatLabLoadError)).toEqual([
      "labs/np/lab.yaml: alternatives[0].name: alternative/expose/solve.sh needs an undo.sh beside it that removes what it made",
    ]);
    await writeFile(path.join(folder, "undo.sh"), "kubectl delete service kubia\n");
    expect((await loadLab(labsDir, "np")).ok).toBe(true);
  });
});

describe("recap page", () => {
  it("loads recap.md when there is one, and checks its code blocks", async () => {
    await writeLab("hello", validYaml, { "steps/01-start.md": "x" });
    const without = await loadLab(labsDir, "hello");
    expect(without.ok && without.lab.recap).toBeUndefined();
    await writeFile(path.join(labsDir, "hello", "recap.md"), "# Recap\n\nYou ran a Pod.\n");
    const loaded = await loadLab(labsDir, "hello");
    expect(loaded.ok && loaded.lab.recap).toBe("# Recap\n\nYou ran a Pod.\n");
    await writeFile(path.join(labsDir, "hello", "recap.md"), "```bash\nkubectl get pods\n");
    const broken = await loadLab(labsDir, "hello");
    expect(!broken.ok && broken.errors.map(formatLabLoadError)).toEqual([
      "labs/hello/recap.md: line 1: code block is never closed",
    ]);
  });
});

describe("skeleton files and pictures", () => {
  const skeletonStep = (body: string) =>
    `Finish it:\n\n\`\`\`yaml file=kubia-svc.yaml skeleton\n${body}\n\`\`\`\n`;
  const solved = "kind: Service\nspec:\n  type: NodePort\n";

  it("needs a skeleton's finished form in the solution, and that it differs", async () => {
    await writeLab("np", labWithChecks, {
      "steps/01-create.md": skeletonStep("kind: Service\nspec:\n  type: # which type?"),
    });
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose"]);
    const missing = await loadLab(labsDir, "np");
    expect(!missing.ok && missing.errors.map(formatLabLoadError)).toEqual([
      "labs/np/steps/01-create.md: line 3: file=kubia-svc.yaml is a skeleton: solution/01/kubia-svc.yaml must hold its finished form",
    ]);
    await writeFile(path.join(labsDir, "np", "solution/01/kubia-svc.yaml"), solved);
    expect((await loadLab(labsDir, "np")).ok).toBe(true);

    // Only comments added: the learner would have nothing left to decide.
    await writeFile(
      path.join(labsDir, "np", "steps/01-create.md"),
      skeletonStep("kind: Service # fill in\nspec:\n  type: NodePort"),
    );
    const given = await loadLab(labsDir, "np");
    expect(!given.ok && given.errors.map(formatLabLoadError)).toEqual([
      "labs/np/steps/01-create.md: line 3: file=kubia-svc.yaml is a skeleton but already equals solution/01/kubia-svc.yaml: leave the decisive part to the learner",
    ]);
  });

  it("needs every picture in the lab folder, with a text alternative", async () => {
    const markdown = [
      "See ![the path from a node port to a pod](nodeport-path.svg).",
      "",
      "```bash",
      "echo '![not a picture](x.svg)'",
      "```",
      "![](missing.svg) and ![far](../../etc/x.svg)",
    ].join("\n");
    await writeLab("np", labWithChecks, { "steps/01-create.md": markdown });
    await writeFolders("np", ["solution/01", "wrong/bad-port", "alternative/expose"]);
    await writeFile(path.join(labsDir, "np", "nodeport-path.svg"), "<svg/>");
    const result = await loadLab(labsDir, "np");
    expect(!result.ok && result.errors.map(formatLabLoadError)).toEqual([
      "labs/np/steps/01-create.md: line 6: image missing.svg not found in the lab folder",
      "labs/np/steps/01-create.md: line 6: image missing.svg needs a text alternative: ![what it shows](missing.svg)",
      "labs/np/steps/01-create.md: line 6: image ../../etc/x.svg: expected a .svg or .png file name in the lab folder",
    ]);
  });
});
