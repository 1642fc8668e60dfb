// The shapes of the runner endpoints the lab player needs beyond sessions and terminals:
// Check a step, apply an edited file, reset one step, and the cluster's schema for the
// editor. Pure (no I/O). Their methods, paths and statuses are declared in
// runner-contract.ts, which the runner serves and every client calls through.
import { z } from "zod";

export const stepIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a kebab-case step id, e.g. create-service");

/** A file name as the editor shows it: the `file=NAME` of a step's yaml block. */
export const editorFileNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a plain file name such as kubia-svc.yaml")
  .max(200);

// ---------------------------------------------------------------------------------------
// POST /v1/sessions/:id/steps/:stepId/check — run the step's checks in the session's
// cluster, now. Body: CheckStepRequest. Answer 200 CheckStepResponse (also when checks
// fail: failing is a verdict, not an error); 404 unknown_session; 409 conflict when the
// session is not ready (provisioning, resetting, ended).
// ---------------------------------------------------------------------------------------
export const checkStepRequestSchema = z.strictObject({});
export type CheckStepRequest = z.infer<typeof checkStepRequestSchema>;

/** One check's verdict as a learner sees it: no author diagnostics. */
export const playerCheckResultSchema = z.object({
  id: z.string(),
  kind: z.enum(["resource", "http", "port-forward", "command"]),
  passed: z.boolean(),
  description: z.string(),
  expected: z.string(),
  observed: z.string(),
  /** The step's next hint for this failure; absent when passed. */
  hint: z.string().optional(),
  /** Set when the check could not run at all (it then counts as not passed). */
  skipped: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
});
export type PlayerCheckResult = z.infer<typeof playerCheckResultSchema>;

export const checkStepResponseSchema = z.object({
  step: z.string(),
  passed: z.boolean(),
  results: z.array(playerCheckResultSchema),
  durationMs: z.number().nonnegative(),
});
export type CheckStepResponse = z.infer<typeof checkStepResponseSchema>;

// ---------------------------------------------------------------------------------------
// POST /v1/sessions/:id/files/apply — write the file into the learner's workstation home
// (so `kubectl apply -f NAME` in the terminal sees the same text) and apply it as the
// learner (`kubectl apply --server-side=false -f`). Body: ApplyFileRequest. Answer 200
// ApplyFileResponse, with `applied: false` and line-located errors when kubectl or the API
// server refuses it; 409 conflict when the session is not ready.
// ---------------------------------------------------------------------------------------
export const applyFileRequestSchema = z.strictObject({
  name: editorFileNameSchema,
  content: z.string().max(256 * 1024),
  /** Validate only (`--dry-run=server`), change nothing. */
  dryRun: z.boolean().default(false),
});
export type ApplyFileRequest = z.input<typeof applyFileRequestSchema>;

export const applyFileProblemSchema = z.object({
  /** 1-based line in the file the problem belongs to, when the runner can tell. */
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  /** e.g. `Service/web`; which document of a multi-document file. */
  object: z.string().optional(),
  message: z.string(),
});
export type ApplyFileProblem = z.infer<typeof applyFileProblemSchema>;

export const applyFileResponseSchema = z.object({
  applied: z.boolean(),
  /** kubectl's own lines, e.g. `service/web created`. */
  objects: z.array(z.string()),
  problems: z.array(applyFileProblemSchema),
});
export type ApplyFileResponse = z.infer<typeof applyFileResponseSchema>;

// ---------------------------------------------------------------------------------------
// POST /v1/sessions/:id/steps/:stepId/reset — restore the cluster to the state the step
// starts from (lab setup plus the reference solutions of the steps before it). Body:
// ResetStepRequest. Answer 202 with the SessionView (state `resetting`, progress filled as
// it goes); the app polls GET /v1/sessions/:id as during provisioning.
// ---------------------------------------------------------------------------------------
export const resetStepRequestSchema = z.strictObject({});
export type ResetStepRequest = z.infer<typeof resetStepRequestSchema>;

// ---------------------------------------------------------------------------------------
// GET /v1/sessions/:id/editor-schema — the JSON Schema of the session cluster's own API
// (converted from its /openapi/v2), for the editor's validation and completion. Answer 200
// EditorSchemaResponse; cacheable per kubernetesVersion.
// ---------------------------------------------------------------------------------------
export const editorSchemaResponseSchema = z.object({
  kubernetesVersion: z.string(),
  /**
   * A draft-07 JSON Schema that accepts any one object the cluster serves: `oneOf` over
   * the kinds, each with its `apiVersion`/`kind` as `enum`s so a YAML language server can
   * pick the right one.
   */
  schema: z.record(z.string(), z.unknown()),
});
export type EditorSchemaResponse = z.infer<typeof editorSchemaResponseSchema>;
