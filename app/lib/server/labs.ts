// The catalogue as the pages need it: labs are read from disk on every request, so an
// instructor's edit shows on the next page load without a rebuild.
import "server-only";
import { formatLabLoadError, type Lab } from "@kindling/lab-format/lab-format";
import { loadCourse, type Course } from "@kindling/lab-format/course";
import { labFolders, loadLab, loadLabs } from "@kindling/lab-format/lab-loader";
import { env } from "@/lib/env";

export type { Lab };

export interface Catalogue {
  /** labs/course.yaml, when there is one: the course's title and the order of its labs. */
  course?: Course;
  /** In course order; labs the course does not list come after it. */
  labs: Lab[];
  /** One line per problem, e.g. `labs/broken/lab.yaml: steps[0].title: ...`. */
  problems: string[];
}

export async function getCatalogue(): Promise<Catalogue> {
  const [results, { course, errors }] = await Promise.all([
    loadLabs(env.labsDir),
    labFolders(env.labsDir).then((slugs) => loadCourse(env.labsDir, slugs)),
  ]);
  const labs = results.flatMap((r) => (r.ok ? [r.lab] : []));
  const problems = [
    ...errors.map(formatLabLoadError),
    ...results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLabLoadError))),
  ];
  for (const problem of problems) console.warn(`kindling: lab not loaded: ${problem}`);
  return { course, labs, problems };
}

export async function getLab(slug: string): Promise<Lab | undefined> {
  const result = await loadLab(env.labsDir, slug).catch(() => undefined);
  return result?.ok ? result.lab : undefined;
}
