// The course: `labs/course.yaml` names the course and puts its labs in the order a learner
// takes them. The catalogue, `lab test --all` and a class's labs follow that order; a lab
// folder the course does not list still loads, after the course's labs.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { formatFieldPath, labSlugSchema, type LabLoadError } from "./lab-format.ts";

export const courseSchema = z.strictObject({
  title: z.string().min(1),
  summary: z.string().min(1).optional(),
  labs: z.array(labSlugSchema).min(1),
});
export type Course = z.infer<typeof courseSchema>;

export interface CourseLoadResult {
  /** Absent when there is no course.yaml, or it cannot be read. */
  course?: Course;
  errors: LabLoadError[];
}

/** Reads `labs/course.yaml` and checks that each lab it lists has a folder among `slugs`. */
export async function loadCourse(
  labsDir: string,
  slugs: readonly string[],
): Promise<CourseLoadResult> {
  const file = path.posix.join(path.basename(labsDir), "course.yaml");
  let text: string;
  try {
    text = await readFile(path.join(labsDir, "course.yaml"), "utf8");
  } catch {
    return { errors: [] };
  }
  const document = parseDocument(text);
  if (document.errors.length > 0)
    return {
      errors: document.errors.map((error) => ({
        file,
        message: `YAML ${error.linePos ? `line ${error.linePos[0].line}: ` : ""}${error.message.split("\n")[0]}`,
      })),
    };
  const parsed = courseSchema.safeParse(document.toJS());
  if (!parsed.success)
    return {
      errors: parsed.error.issues.map((issue) => ({
        file,
        field: issue.path.length ? formatFieldPath(issue.path) : undefined,
        message: issue.message,
      })),
    };
  const errors: LabLoadError[] = [];
  parsed.data.labs.forEach((slug, index) => {
    if (!slugs.includes(slug))
      errors.push({ file, field: `labs[${index}]`, message: `no lab folder ${slug}` });
    else if (parsed.data.labs.indexOf(slug) !== index)
      errors.push({ file, field: `labs[${index}]`, message: `${slug} is listed twice` });
  });
  return { course: parsed.data, errors };
}

/** `slugs` with the course's labs first, in course order, then the others by name. */
export function inCourseOrder<T extends string>(slugs: readonly T[], course?: Course): T[] {
  const rank = (slug: string) => {
    const position = course?.labs.indexOf(slug) ?? -1;
    return position >= 0 ? position : Number.MAX_SAFE_INTEGER;
  };
  return [...slugs].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
