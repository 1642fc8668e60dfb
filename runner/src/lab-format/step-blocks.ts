// A step's Markdown as the lab player renders it: prose, runnable command blocks
// (```bash / ```sh) and editable files (```yaml file=NAME, ```yaml file=NAME skeleton). Pure, so the web app and the
// loader's validation read the same structure. Only fences are parsed here; prose is left
// to the app's Markdown renderer.

export type StepBlock =
  | { kind: "markdown"; text: string }
  | { kind: "command"; language: string; code: string; line: number; proof: CommandProof }
  | {
      kind: "file";
      language: string;
      name: string;
      code: string;
      line: number;
      /**
       * The learner completes this file (fence attribute `skeleton`): its finished form is
       * the same-named file of the step's solution folder, which it must not equal.
       */
      skeleton: boolean;
    }
  | { kind: "code"; language: string; code: string; line: number };

/**
 * What `kindling lab test` does with a command block (fence attribute `proof=…`): `run`
 * (default) runs it as written and needs exit 0; `fails` needs a non-zero exit (an error shown
 * on purpose); `skip` leaves it out (something only a person can do, e.g. a command that
 * never ends on its own); `after-answer` runs it once the step's solution is applied, with each
 * skeleton file saved in its finished form (a command that needs the learner's answer, such as
 * applying the file they completed).
 */
export type CommandProof = "run" | "fails" | "skip" | "after-answer";
const COMMAND_PROOFS: readonly CommandProof[] = ["run", "fails", "skip", "after-answer"];

export interface StepBlockProblem {
  line: number;
  message: string;
}

const COMMAND_LANGUAGES = new Set(["bash", "sh", "shell"]);
/** A step's picture: a plain .svg or .png file name in the lab folder, as the app serves it. */
export const IMAGE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(svg|png)$/;

/** A file name the editor can open: no folders, no `..`. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseStepBlocks(markdown: string): {
  blocks: StepBlock[];
  problems: StepBlockProblem[];
} {
  const blocks: StepBlock[] = [];
  const problems: StepBlockProblem[] = [];
  const lines = markdown.split("\n");
  let prose: string[] = [];
  const flushProse = () => {
    const text = prose.join("\n");
    if (text.trim()) blocks.push({ kind: "markdown", text });
    prose = [];
  };

  for (let i = 0; i < lines.length; i += 1) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    flushProse();
    const fence = open[2]!;
    const [language = "", ...attributes] = open[3]!.trim().split(/\s+/).filter(Boolean);
    const start = i + 1;
    const body: string[] = [];
    let closed = false;
    for (i += 1; i < lines.length; i += 1) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[i]!);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) {
        closed = true;
        break;
      }
      body.push(lines[i]!);
    }
    if (!closed) problems.push({ line: start, message: "code block is never closed" });
    const code = body.join("\n");
    const fileAttribute = attributes.find((a) => a.startsWith("file="));
    if (fileAttribute) {
      const name = fileAttribute.slice("file=".length);
      if (!FILE_NAME.test(name))
        problems.push({
          line: start,
          message: `file=${name}: expected a plain file name such as kubia-svc.yaml`,
        });
      blocks.push({
        kind: "file",
        language,
        name,
        code,
        line: start,
        skeleton: attributes.includes("skeleton"),
      });
    } else if (COMMAND_LANGUAGES.has(language)) {
      const proofAttribute = attributes.find((a) => a.startsWith("proof="));
      const proof = (proofAttribute?.slice("proof=".length) ?? "run") as CommandProof;
      if (!COMMAND_PROOFS.includes(proof))
        problems.push({
          line: start,
          message: `${proofAttribute}: expected proof=run, proof=fails, proof=skip or proof=after-answer`,
        });
      blocks.push({ kind: "command", language, code, line: start, proof });
    } else {
      blocks.push({ kind: "code", language, code, line: start });
    }
  }
  flushProse();

  const seen = new Map<string, number>();
  for (const block of blocks) {
    if (block.kind !== "file") continue;
    const first = seen.get(block.name);
    if (first !== undefined)
      problems.push({
        line: block.line,
        message: `file=${block.name} is already an editable file at line ${first}`,
      });
    else seen.set(block.name, block.line);
  }
  return { blocks, problems };
}

/**
 * The step's Markdown without a first `# Heading` that only repeats the step's title: the
 * player and the lab page show the title themselves.
 */
export function withoutRepeatedTitle(markdown: string, title: string): string {
  return markdown.replace(/^\s*# (.+)\n/, (heading, text: string) =>
    text.trim() === title.trim() ? "" : heading,
  );
}
