import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadLab } from "../lab-format/lab-loader.ts";
import { formatLabLoadError } from "../lab-format/lab-format.ts";
import { addonsForLab } from "../cluster/addons.ts";
import { SessionError } from "./session-error.ts";
import { type Topology } from "./topology.ts";

export interface LabPlan {
  slug: string;
  topology: Topology;
  /** labs/<slug>/setup/*.yaml in name order: the lab's starting state. */
  setup: { file: string; content: string }[];
}

/** Reads what provisioning a lab needs; an absent lab is `unknown_lab`, a broken one says why. */
export async function planLab(labsDir: string, slug: string): Promise<LabPlan> {
  const loaded = await loadLab(labsDir, slug);
  if (!loaded.ok) {
    const missing = loaded.errors.some((e) => e.message.startsWith("missing"));
    if (missing) throw new SessionError("unknown_lab", `no lab named "${slug}"`);
    throw new SessionError(
      "internal",
      `lab "${slug}" does not load: ${loaded.errors.map(formatLabLoadError).join("; ")}`,
    );
  }
  const { lab } = loaded;
  const setup = await Promise.all(
    lab.setup.map(async (file) => ({
      file: `labs/${slug}/${file}`,
      content: await readFile(path.join(labsDir, slug, file), "utf8"),
    })),
  );
  return {
    slug,
    topology: { workers: lab.topology.workers, addons: addonsForLab(lab.addons) },
    setup,
  };
}
