import { describe, expect, it } from "vitest";
import { parseStepBlocks, withoutRepeatedTitle } from "./step-blocks.ts";

describe("parseStepBlocks", () => {
  it("splits prose, command blocks and editable files", () => {
    const markdown = [
      "Save this:",
      "",
      "```yaml file=kubia-svc.yaml",
      "kind: Service",
      "```",
      "",
      "Then run:",
      "",
      "```bash",
      "kubectl apply -f kubia-svc.yaml",
      "```",
      "",
      "~~~json",
      "{}",
      "~~~",
    ].join("\n");
    const { blocks, problems } = parseStepBlocks(markdown);
    expect(problems).toEqual([]);
    expect(blocks).toEqual([
      { kind: "markdown", text: "Save this:\n" },
      {
        kind: "file",
        language: "yaml",
        name: "kubia-svc.yaml",
        code: "kind: Service",
        line: 3,
        skeleton: false,
      },
      { kind: "markdown", text: "\nThen run:\n" },
      {
        kind: "command",
        language: "bash",
        code: "kubectl apply -f kubia-svc.yaml",
        line: 9,
        proof: "run",
      },
      { kind: "code", language: "json", code: "{}", line: 13 },
    ]);
  });

  it("keeps a shorter fence inside a longer one as code", () => {
    const { blocks } = parseStepBlocks("````sh\n```\necho hi\n```\n````");
    expect(blocks).toEqual([
      { kind: "command", language: "sh", code: "```\necho hi\n```", line: 1, proof: "run" },
    ]);
  });

  it("flags unsafe and duplicate file names and unclosed blocks", () => {
    const { problems } = parseStepBlocks(
      "```yaml file=../etc/passwd\nx\n```\n```yaml file=a.yaml\n```\n```yaml file=a.yaml\n```\n```bash\nls",
    );
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      "1: file=../etc/passwd: expected a plain file name such as kubia-svc.yaml",
      "8: code block is never closed",
      "6: file=a.yaml is already an editable file at line 4",
    ]);
  });

  it("reads how lab test proves a command block, and refuses an unknown way", () => {
    const { blocks, problems } = parseStepBlocks(
      "```bash proof=skip\nkubectl get pods --watch\n```\n```sh proof=fails\nfalse\n```\n```bash proof=after-answer\nkubectl apply -f a.yaml\n```\n```bash proof=maybe\nls\n```",
    );
    expect(blocks.map((b) => (b.kind === "command" ? b.proof : b.kind))).toEqual([
      "skip",
      "fails",
      "after-answer",
      "maybe",
    ]);
    expect(problems).toEqual([
      {
        line: 10,
        message: "proof=maybe: expected proof=run, proof=fails, proof=skip or proof=after-answer",
      },
    ]);
  });

  it("marks a file the learner completes as a skeleton", () => {
    const { blocks } = parseStepBlocks(
      "```yaml file=kubia-svc.yaml skeleton\nkind: Service\n```\n```yaml file=done.yaml\n```",
    );
    expect(blocks.map((b) => (b.kind === "file" ? [b.name, b.skeleton] : b.kind))).toEqual([
      ["kubia-svc.yaml", true],
      ["done.yaml", false],
    ]);
  });
});

describe("withoutRepeatedTitle", () => {
  it("drops a first heading that repeats the step's title, and keeps any other", () => {
    expect(withoutRepeatedTitle("# Run a pod\n\nText", "Run a pod")).toBe("\nText");
    expect(withoutRepeatedTitle("# Something else\nText", "Run a pod")).toBe(
      "# Something else\nText",
    );
  });
});
