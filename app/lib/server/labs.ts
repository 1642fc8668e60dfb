// The catalogue as the pages need it: labs are read from disk on every request, so an
// instructor's edit shows on the next page load without a rebuild.
import "server-only";
import { formatLabLoadError, type Lab } from "@kindling/protocol/lab-format";
import { loadLab, loadLabs } from "@kindling/protocol/lab-loader";
import { env } from "@/lib/env";

export type { Lab };

export interface Catalogue {
  labs: Lab[];
  /** One line per problem, e.g. `labs/broken/lab.yaml: steps[0].title: ...`. */
  problems: string[];
}

export async function getCatalogue(): Promise<Catalogue> {
  const results = await loadLabs(env.labsDir);
  const labs = results.flatMap((r) => (r.ok ? [r.lab] : []));
  const problems = results.flatMap((r) => (r.ok ? [] : r.errors.map(formatLabLoadError)));
  for (const problem of problems) console.warn(`kindling: lab not loaded: ${problem}`);
  return { labs, problems };
}

export async function getLab(slug: string): Promise<Lab | undefined> {
  const result = await loadLab(env.labsDir, slug).catch(() => undefined);
  return result?.ok ? result.lab : undefined;
}
