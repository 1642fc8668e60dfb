import { readFileSync } from "node:fs";
import { z } from "zod";
import { imagesDir } from "./paths.ts";
import path from "node:path";

const versionsSchema = z.object({
  kubernetes: z.string().regex(/^v\d+\.\d+\.\d+$/),
  etcd: z.string(),
  coredns: z.string(),
  pause: z.string(),
  metallb: z.string(),
  traefik: z.string(),
  gatewayApi: z.string(),
  registry: z.string(),
  kubia: z.string(),
  kindnet: z.string(),
  debian: z.string(),
  kindNodeImage: z.string(),
});

export type Versions = z.infer<typeof versionsSchema>;

/** The one file that pins every component Kindling runs. */
export function loadVersions(): Versions {
  const file = path.join(imagesDir, "versions.json");
  const parsed = versionsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

/** "v1.34.4" → [1, 34] */
export function minorVersion(version: string): [number, number] {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a Kubernetes version: ${version}`);
  return [Number(match[1]), Number(match[2])];
}
