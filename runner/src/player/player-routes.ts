// The lab player's runner endpoints (protocol/player-api.ts): Check, Apply, Reset step and
// the editor schema. Each acts only on the environment of the session named in the path,
// and only while that session is ready.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { HttpError, readBody, sendJson } from "../api/http-json.ts";
import { LabEnvironment } from "../environment/lab-environment.ts";
import { environmentTarget } from "../grader/environment-target.ts";
import { formatLabLoadError, type Lab } from "../lab-format/lab-format.ts";
import { loadLab } from "../lab-format/lab-loader.ts";
import {
  applyFileRequestSchema,
  checkStepRequestSchema,
  resetStepRequestSchema,
} from "../protocol/player-api.ts";
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

export type PlayerRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  stepId: string,
) => Promise<void>;

/** The session's environment, refusing (409) a session that is not ready. */
async function readyEnvironment(sessions: SessionManager, id: string): Promise<LabEnvironment> {
  await sessions.workstationOf(id);
  return LabEnvironment.attach(sessions.get(id).environment!);
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

export function playerRoutes(ctx: PlayerContext): Record<string, PlayerRoute> {
  const { sessions } = ctx;
  return {
    "POST /v1/sessions/:id/steps/:stepId/check": async (req, res, id, stepId) => {
      await readBody(req, checkStepRequestSchema);
      const lab = await labOf(ctx, id);
      const step = lab.steps[stepIndex(lab, stepId)]!;
      const environment = await readyEnvironment(sessions, id);
      sessions.touch(id);
      sendJson(res, 200, await checkStep(environmentTarget(environment), step, ctx.log));
    },
    "POST /v1/sessions/:id/files/apply": async (req, res, id) => {
      // The body carries up to 256 KiB of YAML, JSON-escaped.
      const file = await readBody(req, applyFileRequestSchema, 600 * 1024);
      const environment = await readyEnvironment(sessions, id);
      sessions.touch(id);
      sendJson(res, 200, await applyFile(environment, file));
    },
    "POST /v1/sessions/:id/steps/:stepId/reset": async (req, res, id, stepId) => {
      await readBody(req, resetStepRequestSchema);
      const lab = await labOf(ctx, id);
      const index = stepIndex(lab, stepId);
      await readyEnvironment(sessions, id);
      const labDir = path.join(ctx.labsDir, lab.slug);
      const view = await sessions.resetInPlace(
        id,
        `resetting to the start of “${lab.steps[index]!.title}”`,
        async (name, progress) =>
          resetToStep(await LabEnvironment.attach(name), lab, labDir, index, progress),
      );
      sendJson(res, 202, view);
    },
    "GET /v1/sessions/:id/editor-schema": async (_req, res, id) => {
      const environment = await readyEnvironment(sessions, id);
      sendJson(res, 200, await editorSchema(environment));
    },
  };
}
