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

/** The ConfigMap the checked fixture lab's one step asks for. */
export const FIXTURE_CONFIGMAP =
  "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: made }\ndata: { greeting: hello }\n";

/** A one-node lab whose one step checks for FIXTURE_CONFIGMAP: Check, Apply and Reset step. */
export async function writeCheckedFixtureLab(labsDir: string, slug: string): Promise<void> {
  const dir = path.join(labsDir, slug);
  await mkdir(path.join(dir, "steps"), { recursive: true });
  await mkdir(path.join(dir, "solution", "01"), { recursive: true });
  await mkdir(path.join(dir, "alternative", "labelled"), { recursive: true });
  await writeFile(
    path.join(dir, "lab.yaml"),
    [
      "title: Make a ConfigMap",
      "summary: A checked lab for the runner's own tests.",
      "durationMinutes: 5",
      "difficulty: beginner",
      "topology: { workers: 0 }",
      "steps:",
      "  - id: make",
      "    title: Make it",
      "    file: steps/01-make.md",
      "    solution: solution/01",
      "    checks:",
      "      - id: made",
      "        kind: resource",
      "        description: ConfigMap made says hello",
      "        resource: { apiVersion: v1, kind: ConfigMap, name: made, namespace: default }",
      "        expect: { data: { greeting: hello } }",
      "        timeoutSeconds: 5",
      "alternatives:",
      "  - { name: labelled, step: make, why: the same ConfigMap with a label }",
      "",
    ].join("\n"),
  );
  await writeFile(path.join(dir, "steps", "01-make.md"), "Make ConfigMap `made`.\n");
  await writeFile(path.join(dir, "solution", "01", "made.yaml"), FIXTURE_CONFIGMAP);
  await writeFile(
    path.join(dir, "alternative", "labelled", "made.yaml"),
    FIXTURE_CONFIGMAP.replace("name: made }", "name: made, labels: { by: hand } }"),
  );
}
