import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A one-node lab with a setup manifest, for tests that need a lab but not a curriculum. */
export async function writeFixtureLab(labsDir: string, slug: string, workers = 0): Promise<void> {
  const dir = path.join(labsDir, slug);
  await mkdir(path.join(dir, "steps"), { recursive: true });
  await mkdir(path.join(dir, "setup"), { recursive: true });
  await writeFile(
    path.join(dir, "lab.yaml"),
    [
      "title: Fixture",
      "summary: A lab for the runner's own tests.",
      "durationMinutes: 5",
      "difficulty: beginner",
      `topology: { workers: ${workers} }`,
      "steps:",
      "  - { id: look, title: Look around, file: steps/01-look.md }",
      "",
    ].join("\n"),
  );
  await writeFile(path.join(dir, "steps", "01-look.md"), "Look around.\n");
  await writeFile(
    path.join(dir, "setup", "01-configmap.yaml"),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: lab-setup, namespace: default }\ndata: { ready: "yes" }\n',
  );
}
