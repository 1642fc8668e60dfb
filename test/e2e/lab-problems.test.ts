// A lab file that does not load is news for authors, not for learners: the catalogue lists
// the labs that load to everyone and the broken one's problem only to instructors and admins.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpOverHttp } from "../support/accounts.ts";
import { startApp, type StartedApp } from "../support/app-server.ts";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const password = "correct horse battery";
let dataDir: string;
let labsDir: string;
let app: StartedApp;

/** The catalogue's HTML, without the empty comments React puts between text parts. */
async function catalogue(cookie?: string): Promise<string> {
  const response = await fetch(`${app.url}/`, { headers: cookie ? { cookie } : {} });
  return (await response.text()).replaceAll("<!-- -->", "");
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-e2e-data-"));
  labsDir = await mkdtemp(path.join(tmpdir(), "kindling-e2e-labs-"));
  await cp(path.join(projectRoot, "labs/nodeport"), path.join(labsDir, "nodeport"), {
    recursive: true,
  });
  await mkdir(path.join(labsDir, "half-written"));
  await writeFile(path.join(labsDir, "half-written/lab.yaml"), "title: [unclosed\n");
  app = await startApp(dataDir, { env: { KINDLING_LABS_DIR: labsDir } });
});

afterAll(async () => {
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(labsDir, { recursive: true, force: true });
});

describe("lab problems on the catalogue", () => {
  it("shows a visitor and a learner the labs that load, and not the broken one's problem", async () => {
    const learner = await signUpOverHttp(app.url, {
      name: "Lena Learner",
      email: "lena@example.org",
      password,
    });
    for (const page of [await catalogue(), await catalogue(learner)]) {
      expect(page).toContain("/labs/nodeport");
      expect(page).not.toContain("half-written");
      expect(page).not.toMatch(/lab problems?/);
    }
  });

  it("shows an instructor the broken lab's problem", async () => {
    const instructor = await signUpOverHttp(app.url, {
      name: "Ivo Instructor",
      email: "ivo@example.org",
      password,
    });
    await promisify(execFile)(
      "npm",
      ["run", "-s", "admin", "--", "grant", "ivo@example.org", "instructor"],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: app.databaseUrl } },
    );
    const page = await catalogue(instructor);
    expect(page).toContain("1 lab problem (for authors)");
    expect(page).toContain("half-written/lab.yaml: YAML");
  });
});
