// What a step's Markdown points at outside itself, checked by `lab validate`: a skeleton file
// must have a finished form in the step's solution folder and must not already be that answer,
// and an image must be a file of the lab folder with a text alternative.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";
import { IMAGE_FILE, type StepBlock } from "./step-blocks.ts";

export interface StepImage {
  alt: string;
  src: string;
  line: number;
}

const IMAGE = /!\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g;

/** Every `![alt](src)` in the step's prose, with the line it stands on. */
export function stepImages(markdown: string): StepImage[] {
  const images: StepImage[] = [];
  markdown.split("\n").forEach((text, index) => {
    for (const match of text.matchAll(IMAGE))
      images.push({ alt: match[1]!.trim(), src: match[2]!, line: index + 1 });
  });
  return images;
}

/** The text of every YAML document in `text`, comments dropped; undefined when it is not YAML. */
function yamlValue(text: string): unknown[] | undefined {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.some((d) => d.errors.length > 0)) return undefined;
  return documents.map((d) => d.toJS() as unknown).filter((v) => v !== null);
}

/**
 * Problems with the files and pictures a step refers to. `markdown` is the whole step (image
 * line numbers count from its top); `blocks` its parsed blocks.
 */
export async function checkStepReferences(
  labDir: string,
  step: { solution?: string },
  markdown: string,
  blocks: StepBlock[],
): Promise<{ line: number; message: string }[]> {
  const problems: { line: number; message: string }[] = [];
  for (const block of blocks) {
    if (block.kind !== "file" || !block.skeleton) continue;
    if (!step.solution) {
      problems.push({
        line: block.line,
        message: `file=${block.name} is a skeleton, but the step has no solution to finish it`,
      });
      continue;
    }
    const finished = `${step.solution}/${block.name}`;
    const answer = await readFile(path.join(labDir, finished), "utf8").catch(() => undefined);
    if (answer === undefined) {
      problems.push({
        line: block.line,
        message: `file=${block.name} is a skeleton: ${finished} must hold its finished form`,
      });
      continue;
    }
    const given = yamlValue(block.code);
    if (given !== undefined && isDeepStrictEqual(given, yamlValue(answer)))
      problems.push({
        line: block.line,
        message: `file=${block.name} is a skeleton but already equals ${finished}: leave the decisive part to the learner`,
      });
  }
  // Fenced code never holds pictures; prose line numbers are the step's own.
  const fenced = new Set<number>();
  for (const block of blocks)
    if (block.kind !== "markdown")
      for (let l = block.line; l <= block.line + block.code.split("\n").length + 1; l += 1)
        fenced.add(l);
  for (const image of stepImages(markdown)) {
    if (fenced.has(image.line)) continue;
    if (!IMAGE_FILE.test(image.src))
      problems.push({
        line: image.line,
        message: `image ${image.src}: expected a .svg or .png file name in the lab folder`,
      });
    else if (
      !(await stat(path.join(labDir, image.src)).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      problems.push({
        line: image.line,
        message: `image ${image.src} not found in the lab folder`,
      });
    if (!image.alt)
      problems.push({
        line: image.line,
        message: `image ${image.src} needs a text alternative: ![what it shows](${image.src})`,
      });
  }
  return problems;
}
