// Loads every lab folder under labs/. Each lab is loaded on its own: a broken lab yields
// errors naming the file and field, and never stops the others from loading.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import {
  formatFieldPath,
  labMetadataSchema,
  labSlugSchema,
  type LabLoadError,
  type LabLoadResult,
  type LabMetadata,
} from "./lab-format.ts";
import { inCourseOrder, loadCourse } from "./course.ts";
import { checkLabReferences } from "./lab-references.ts";
import { browserLinkProblems } from "./browser-links.ts";
import { parseStepBlocks } from "./step-blocks.ts";
import { checkStepReferences } from "./step-references.ts";

/** Every lab folder, in course order (labs/course.yaml) when there is a course. */
export async function loadLabs(labsDir: string): Promise<LabLoadResult[]> {
  const slugs = await labFolders(labsDir);
  const { course } = await loadCourse(labsDir, slugs);
  return Promise.all(inCourseOrder(slugs, course).map((slug) => loadLab(labsDir, slug)));
}

export async function labFolders(labsDir: string): Promise<string[]> {
  const entries = await readdir(labsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
}

export async function loadLab(labsDir: string, slug: string): Promise<LabLoadResult> {
  // Paths in errors read like the repository: labs/<slug>/lab.yaml.
  const shown = (...parts: string[]) => path.posix.join(path.basename(labsDir), slug, ...parts);
  const fail = (errors: LabLoadError[]): LabLoadResult => ({
    ok: false,
    slug,
    errors,
  });

  const slugCheck = labSlugSchema.safeParse(slug);
  if (!slugCheck.success) {
    return fail([
      {
        file: shown(),
        message: slugCheck.error.issues[0]?.message ?? "invalid folder name",
      },
    ]);
  }

  const metadataFile = shown("lab.yaml");
  let text: string;
  try {
    text = await readFile(path.join(labsDir, slug, "lab.yaml"), "utf8");
  } catch {
    return fail([
      {
        file: metadataFile,
        message: "missing (every lab folder needs a lab.yaml)",
      },
    ]);
  }

  const document = parseDocument(text);
  if (document.errors.length > 0) {
    return fail(
      document.errors.map((error) => ({
        file: metadataFile,
        message: `YAML ${error.linePos ? `line ${error.linePos[0].line}: ` : ""}${error.message.split("\n")[0]}`,
      })),
    );
  }

  const parsed = labMetadataSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((issue) => ({
        file: metadataFile,
        field: issue.path.length ? formatFieldPath(issue.path) : undefined,
        message: issue.message,
      })),
    );
  }

  return readSteps(labsDir, slug, parsed.data, shown);
}

async function readSteps(
  labsDir: string,
  slug: string,
  metadata: LabMetadata,
  shown: (...parts: string[]) => string,
): Promise<LabLoadResult> {
  const labFile = shown("lab.yaml");
  const errors: LabLoadError[] = checkLabReferences(metadata).map((problem) => ({
    file: labFile,
    ...problem,
  }));
  const isFolder = (relative: string) =>
    stat(path.join(labsDir, slug, relative)).then(
      (s) => s.isDirectory(),
      () => false,
    );
  const steps = await Promise.all(
    metadata.steps.map(async (step, index) => {
      if (step.solution && !(await isFolder(step.solution)))
        errors.push({
          file: labFile,
          field: `steps[${index}].solution`,
          message: `folder ${step.solution} not found`,
        });
      try {
        const markdown = await readFile(path.join(labsDir, slug, step.file), "utf8");
        const { blocks, problems } = parseStepBlocks(markdown);
        const references = await checkStepReferences(
          path.join(labsDir, slug),
          step,
          markdown,
          blocks,
        );
        for (const problem of [...problems, ...references, ...browserLinkProblems(markdown)])
          errors.push({
            file: shown(step.file),
            message: `line ${problem.line}: ${problem.message}`,
          });
        return { ...step, markdown };
      } catch {
        errors.push({
          file: labFile,
          field: `steps[${index}].file`,
          message: `${step.file} not found`,
        });
        return { ...step, markdown: "" };
      }
    }),
  );
  await Promise.all(
    metadata.knownWrong.map(async (wrong, index) => {
      if (!(await isFolder(`wrong/${wrong.name}`)))
        errors.push({
          file: labFile,
          field: `knownWrong[${index}].name`,
          message: `folder wrong/${wrong.name} not found`,
        });
    }),
  );
  await Promise.all(
    metadata.alternatives.map(async (alternative, index) => {
      const folder = `alternative/${alternative.name}`;
      const files = await readdir(path.join(labsDir, slug, folder)).catch(() => undefined);
      if (!files)
        errors.push({
          file: labFile,
          field: `alternatives[${index}].name`,
          message: `folder ${folder} not found`,
        });
      else if (!files.some((f) => /\.ya?ml$/.test(f) || f === "solve.sh"))
        errors.push({
          file: labFile,
          field: `alternatives[${index}].name`,
          message: `folder ${folder} has neither manifests (*.yaml) nor solve.sh`,
        });
      // lab test removes an alternative before the next case; what solve.sh made only
      // undo.sh can take away.
      else if (files.includes("solve.sh") && !files.includes("undo.sh"))
        errors.push({
          file: labFile,
          field: `alternatives[${index}].name`,
          message: `${folder}/solve.sh needs an undo.sh beside it that removes what it made`,
        });
    }),
  );
  const setup = await readdir(path.join(labsDir, slug, "setup")).then(
    (names) =>
      names
        .filter((n) => /\.ya?ml$/.test(n))
        .sort()
        .map((n) => `setup/${n}`),
    () => [],
  );
  const recap = await readFile(path.join(labsDir, slug, "recap.md"), "utf8").catch(() => undefined);
  const recapBlocks = recap === undefined ? undefined : parseStepBlocks(recap);
  const recapProblems = recapBlocks
    ? [
        ...recapBlocks.problems,
        ...(await checkStepReferences(path.join(labsDir, slug), {}, recap!, recapBlocks.blocks)),
      ]
    : [];
  for (const problem of recapProblems)
    errors.push({ file: shown("recap.md"), message: `line ${problem.line}: ${problem.message}` });
  if (errors.length > 0) return { ok: false, slug, errors };
  return { ok: true, slug, lab: { ...metadata, slug, steps, setup, recap } };
}
