// The lab format: what an instructor writes in labs/<slug>/lab.yaml. Pure (no I/O) so the
// web app may import it too. Objects are strict: an unknown key is an error that names
// the key, so a typo such as `setps:` is caught when the lab loads instead of silently
// ignored. Checks live in check-format.ts; labs/README.md is the contract for both.
import { z } from "zod";
import { type Check, checkSchema } from "./check-format.ts";

/** Folder names under labs/: lower-case words joined by single hyphens. */
export const labSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a kebab-case folder name, e.g. first-service");

export const difficultySchema = z.enum(["beginner", "intermediate", "advanced"]);
export const addonSchema = z.enum(["loadbalancer", "ingress", "gateway"]);

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a kebab-case id, e.g. create-service");

/** A folder of the lab, relative to it, without `..`: `solution/01`, `wrong/bad-port`. */
const labFolder = (prefix: string) =>
  z
    .string()
    .regex(
      new RegExp(`^${prefix}/[a-z0-9][a-z0-9._-]*$`),
      `expected a folder under ${prefix}/, e.g. ${prefix}/01`,
    );

export const stepMetadataSchema = z.strictObject({
  id: kebabId,
  title: z.string().min(1),
  /** Markdown file, relative to the lab folder. */
  file: z
    .string()
    .regex(
      /^steps\/[a-z0-9][a-z0-9._-]*\.md$/,
      "expected a Markdown file under steps/, e.g. steps/01-intro.md",
    ),
  /** The next step opens only when this one passes. */
  gated: z.boolean().default(true),
  /** Progressive hints, shown one at a time; never the answer outright. */
  hints: z.array(z.string().min(1)).default([]),
  /** Reference solution folder: *.yaml applied as the learner, then solve.sh if present. */
  solution: labFolder("solution").optional(),
  checks: z.array(checkSchema).default([]),
});

export const knownWrongSchema = z.strictObject({
  /** Folder wrong/<name>: manifests and/or solve.sh (and undo.sh if solve.sh starts things). */
  name: kebabId,
  /** The step id it answers; applied after the solutions of the steps before it. */
  step: kebabId,
  /** Every listed check must fail with a message containing the fragment. */
  fails: z.array(z.strictObject({ check: kebabId, message: z.string().min(1) })).min(1),
});

export const alternativeSchema = z.strictObject({
  /** Folder alternative/<name>: manifests and/or solve.sh, with undo.sh when solve.sh runs. */
  name: kebabId,
  /** The step id it solves; applied on that step's starting state. */
  step: kebabId,
  /** One line: what makes this a different valid answer (a learner's other way). */
  why: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\n]*$/, "expected one line"),
});

export const labMetadataSchema = z.strictObject({
  title: z.string().min(1),
  summary: z.string().min(1),
  durationMinutes: z.number().int().positive(),
  difficulty: difficultySchema,
  /** e.g. "1.34"; the runner's default version when absent. */
  kubernetesVersion: z
    .string()
    .regex(/^\d+\.\d+(?:\.\d+)?$/, "expected a version such as 1.34")
    .optional(),
  topology: z.strictObject({ workers: z.number().int().min(0).max(3) }),
  addons: z.array(addonSchema).default([]),
  steps: z.array(stepMetadataSchema).min(1),
  knownWrong: z.array(knownWrongSchema).default([]),
  /** Other valid answers: `lab test` requires every check of their step to pass on each. */
  alternatives: z.array(alternativeSchema).default([]),
});

export type Difficulty = z.infer<typeof difficultySchema>;
export type Addon = z.infer<typeof addonSchema>;
export type LabMetadata = z.infer<typeof labMetadataSchema>;
export type KnownWrong = z.infer<typeof knownWrongSchema>;
export type Alternative = z.infer<typeof alternativeSchema>;

export interface LabStep {
  id: string;
  title: string;
  file: string;
  markdown: string;
  gated: boolean;
  hints: string[];
  solution?: string;
  checks: Check[];
}

export interface Lab extends Omit<LabMetadata, "steps"> {
  slug: string;
  steps: LabStep[];
  /** Manifests under setup/, in name order, applied as cluster admin. */
  setup: string[];
  /** recap.md: what the learner did, why it works, what to read next; shown after the last step. */
  recap?: string;
}

/** A problem with one lab, located by file (relative to the labs folder's parent) and field. */
export interface LabLoadError {
  file: string;
  /** e.g. `steps[0].title`; absent when the whole file is at fault. */
  field?: string;
  message: string;
}

export type LabLoadResult =
  { ok: true; slug: string; lab: Lab } | { ok: false; slug: string; errors: LabLoadError[] };

export function formatLabLoadError(error: LabLoadError): string {
  return [error.file, error.field, error.message].filter(Boolean).join(": ");
}

/** zod's issue path as a reader writes it: `steps[0].title`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}
