// The lab player's runner endpoints (protocol/player-api.ts, declared in
// protocol/runner-contract.ts): Check, Apply, Reset step and the editor schema. Each acts
// only on the environment of the session named in the path, and only while that session
// is ready. The API (api/api-handler.ts) parses requests before these run.
import path from "node:path";
import { browse } from "../browser/browse.ts";
import { HttpError } from "../http/http-json.ts";
import { formatLabLoadError, type Lab } from "../lab-format/lab-format.ts";
import { loadLab } from "../lab-format/lab-loader.ts";
import type { RouteHandlers } from "../protocol/runner-contract.ts";
import type { SessionEnvironment } from "../session/session-environment.ts";
import type { SessionManager } from "../session/session-manager.ts";
import { applyFile } from "./apply-file.ts";
import { checkStep } from "./check-step.ts";
import { editorSchema } from "./editor-schema.ts";
import { resetToStep } from "./reset-step.ts";

export interface PlayerContext {
  sessions: SessionManager;
  labsDir: string;
  log?: (line: string) => void;
}

/** The session's environment, refusing (409) a session that is not ready. */
function readyEnvironment(sessions: SessionManager, id: string): Promise<SessionEnvironment> {
  return sessions.environmentOf(id);
}

async function labOf(ctx: PlayerContext, id: string): Promise<Lab> {
  const slug = ctx.sessions.get(id).labSlug;
  const loaded = await loadLab(ctx.labsDir, slug);
  if (!loaded.ok)
    throw new HttpError(
      "internal",
      `lab "${slug}" does not load: ${loaded.errors.map(formatLabLoadError).join("; ")}`,
    );
  return loaded.lab;
}

function stepIndex(lab: Lab, stepId: string): number {
  const index = lab.steps.findIndex((s) => s.id === stepId);
  if (index < 0) throw new HttpError("not_found", `lab "${lab.slug}" has no step "${stepId}"`);
  return index;
}

/** Sessions with a Browser-tab request under way. */
const browsing = new Set<string>();

export function playerHandlers(
  ctx: PlayerContext,
): Pick<RouteHandlers, "checkStep" | "applyFile" | "resetStep" | "editorSchema" | "browse"> {
  const { sessions } = ctx;
  return {
    checkStep: async ({ params: { id, stepId } }) => {
      const lab = await labOf(ctx, id);
      const step = lab.steps[stepIndex(lab, stepId)]!;
      const environment = await readyEnvironment(sessions, id);
      sessions.touch(id);
      const answer = await checkStep(environment.target(), step, ctx.log);
      sessions.keepWorkSoon(id);
      return answer;
    },
    applyFile: async ({ params: { id }, body }) => {
      const environment = await readyEnvironment(sessions, id);
      sessions.touch(id);
      const answer = await applyFile(environment, body);
      if (!body.dryRun) sessions.keepWorkSoon(id);
      return answer;
    },
    resetStep: async ({ params: { id, stepId } }) => {
      const lab = await labOf(ctx, id);
      const index = stepIndex(lab, stepId);
      await readyEnvironment(sessions, id);
      const labDir = path.join(ctx.labsDir, lab.slug);
      return sessions.resetInPlace(
        id,
        `resetting to the start of “${lab.steps[index]!.title}”`,
        async (name, progress) =>
          resetToStep(await sessions.attach(name), lab, labDir, index, progress),
      );
    },
    editorSchema: async ({ params: { id } }) => editorSchema(await readyEnvironment(sessions, id)),
    browse: async ({ params: { id }, body }) => {
      const environment = await readyEnvironment(sessions, id);
      // One request at a time per session: each costs an exec in the workstation, and the
      // tab never sends a second before the first answers.
      if (browsing.has(id))
        throw new HttpError("conflict", "the Browser tab's previous request is still running");
      browsing.add(id);
      sessions.touch(id);
      try {
        return await browse(environment.target(), body.url);
      } finally {
        browsing.delete(id);
      }
    },
  };
}
