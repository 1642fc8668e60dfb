// The lab format: what an instructor writes in labs/<slug>/lab.yaml. Pure (no I/O) so the
// web app may import it too. Objects are strict: an unknown key is an error that names
// the key, so a typo such as `setps:` is caught when the lab loads instead of silently
// ignored. Later additions (checks, hints, solutions) extend these schemas explicitly.
import { z } from "zod";

/** Folder names under labs/: lower-case words joined by single hyphens. */
export const labSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a kebab-case folder name, e.g. first-service");

export const difficultySchema = z.enum(["beginner", "intermediate", "advanced"]);
export const addonSchema = z.enum(["loadbalancer", "ingress", "gateway"]);

export const stepMetadataSchema = z.strictObject({
  title: z.string().min(1),
  /** Markdown file, relative to the lab folder. */
  file: z
    .string()
    .regex(
      /^steps\/[a-z0-9][a-z0-9._-]*\.md$/,
      "expected a Markdown file under steps/, e.g. steps/01-intro.md",
    ),
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
});

export type Difficulty = z.infer<typeof difficultySchema>;
export type Addon = z.infer<typeof addonSchema>;
export type LabMetadata = z.infer<typeof labMetadataSchema>;

export interface LabStep {
  title: string;
  file: string;
  markdown: string;
}

export interface Lab extends Omit<LabMetadata, "steps"> {
  slug: string;
  steps: LabStep[];
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
