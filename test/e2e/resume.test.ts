// Resume where you left off (issue 17), in real Chromium against the production build, a
// real runner, real clusters and the real database: a learner passes step 1 (a Service made
// in the terminal), writes a file in step 2, and the session's time limit (two minutes
// here) ends it. Starting the lab again offers "Resume where you left off" beside "Start
// fresh"; Resume makes a fresh environment, puts the Service and the file back, and opens the
// player on step 2, where Check of step 1 still passes. The offer is checked with axe and
// photographed (resume.png in KINDLING_SHOTS_DIR, else test-results/).
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClusters, removeCluster } from "../../runner/src/cluster/cluster-store.ts";
import { seriousAccessibilityProblems } from "../support/accessibility.ts";
import { freePort, startApp, type StartedApp } from "../support/app-server.ts";
import { launchChromium } from "../support/chromium.ts";

const shots =
  process.env.KINDLING_SHOTS_DIR ?? path.resolve(import.meta.dirname, "../../test-results");
const MINUTES = 60_000;
const SLUG = "resume-walk";

let dataDir: string;
let runnerHome: string;
let labsDir: string;
let profileDir: string;
let teacherProfileDir: string;
let app: StartedApp;
let browser: BrowserContext;
let teacherBrowser: BrowserContext;
let page: Page;
let teacher: Page;
let classPath = "";

const steps = () => page.getByRole("region", { name: "Steps" });
const work = () => page.getByRole("region", { name: "Lab environment" });
const terminalText = () => work().locator(".xterm-rows").first().innerText();

/** A one-node lab of two steps: a Service to make, then notes to write. */
async function writeLab(dir: string) {
  const lab = path.join(dir, SLUG);
  await mkdir(path.join(lab, "steps"), { recursive: true });
  await mkdir(path.join(lab, "setup"), { recursive: true });
  await writeFile(
    path.join(lab, "lab.yaml"),
    `title: Resume walk
summary: Expose kubia, then take notes.
durationMinutes: 10
difficulty: beginner
topology: { workers: 0 }
steps:
  - id: expose
    title: Expose kubia
    file: steps/01-expose.md
    solution: solution/01
    checks:
      - id: service
        kind: resource
        description: Service kubia forwards port 80 to port 8080 of the kubia pods
        resource: { apiVersion: v1, kind: Service, name: kubia, namespace: default }
        expect: { spec: { selector: { app: kubia }, ports: [{ port: 80, targetPort: 8080 }] } }
      - id: endpoints
        kind: resource
        description: Service kubia has a ready kubia pod behind it
        resource: { apiVersion: v1, kind: Service, name: kubia, namespace: default }
        endpoints: { ready: { min: 1 } }
        timeoutSeconds: 60
  - id: notes
    title: Take notes
    file: steps/02-notes.md
alternatives:
  - { name: nodeport, step: expose, why: a NodePort Service forwards the same ports }
`,
  );
  await writeFile(
    path.join(lab, "steps/01-expose.md"),
    "Put a Service named `kubia` in front of the kubia pods.\n",
  );
  await writeFile(path.join(lab, "steps/02-notes.md"), "Write what you learned in `notes.txt`.\n");
  const service = (type: string) =>
    `apiVersion: v1\nkind: Service\nmetadata: { name: kubia }\nspec: { type: ${type}, selector: { app: kubia }, ports: [{ port: 80, targetPort: 8080 }] }\n`;
  for (const [folder, type] of [
    ["solution/01", "ClusterIP"],
    ["alternative/nodeport", "NodePort"],
  ] as const) {
    await mkdir(path.join(lab, folder), { recursive: true });
    await writeFile(path.join(lab, folder, "service.yaml"), service(type));
  }
  await writeFile(
    path.join(lab, "setup/01-kubia.yaml"),
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: kubia, namespace: default }
spec:
  replicas: 1
  selector: { matchLabels: { app: kubia } }
  template:
    metadata: { labels: { app: kubia } }
    spec: { containers: [{ name: kubia, image: kindling/kubia:v1, ports: [{ containerPort: 8080 }] }] }
`,
  );
}

/** Types a command into the first terminal, as the learner does. */
async function run(command: string) {
  await work().getByRole("tab", { name: "Terminal 1" }).click();
  await work().locator(".xterm-helper-textarea").first().focus();
  await page.keyboard.type(`${command}\r`);
}

/** Presses Check and waits for its verdicts. */
async function check() {
  const panel = steps().getByRole("region", { name: "Checks" });
  const before = await panel.innerText();
  await steps().getByRole("button", { name: "Check", exact: true }).click();
  await expect
    .poll(
      async () => {
        const now = await panel.innerText();
        return now !== before && !now.includes("Checking…");
      },
      { timeout: 3 * MINUTES },
    )
    .toBe(true);
  return panel.innerText();
}

async function waitForTerminal() {
  await work()
    .getByRole("tab", { name: "Terminal 1" })
    .waitFor({ timeout: 12 * MINUTES });
  await work().getByText("Connected").waitFor({ timeout: 60_000 });
  await expect.poll(terminalText, { timeout: 60_000 }).toMatch(/learner@workstation/);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-resume-data-"));
  runnerHome = await mkdtemp(path.join(tmpdir(), "kindling-resume-runner-"));
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-resume-chromium-"));
  teacherProfileDir = await mkdtemp(path.join(tmpdir(), "kindling-resume-teacher-"));
  labsDir = await mkdtemp(path.join(tmpdir(), "kindling-resume-labs-"));
  await mkdir(shots, { recursive: true });
  await writeLab(labsDir);
  process.env.KINDLING_RUNNER_PORT = String(await freePort());
  process.env.KINDLING_HOME = runnerHome;
  process.env.KINDLING_POOL = "";
  app = await startApp(dataDir, {
    timeoutMs: 14 * MINUTES,
    env: {
      KINDLING_LABS_DIR: labsDir,
      // Short enough to end the session inside the test, long enough to do step 1 and 2 (those
      // take under a minute from Start, the environment's creation included).
      KINDLING_SESSION_MINUTES: "2",
      KINDLING_SESSION_WARNING_MINUTES: "0.5",
    },
  });
  browser = await launchChromium(profileDir, { width: 1440, height: 900 });
  page = await browser.newPage();
  teacherBrowser = await launchChromium(teacherProfileDir, { width: 1440, height: 900 });
  teacher = await teacherBrowser.newPage();
}, 15 * MINUTES);

afterAll(async () => {
  await browser?.close();
  await teacherBrowser?.close();
  await app?.stop();
  const state = await readFile(path.join(runnerHome, "runner", "state.json"), "utf8").catch(
    () => "{}",
  );
  const { runnerId } = JSON.parse(state) as { runnerId?: string };
  if (runnerId)
    for (const cluster of await listClusters())
      if (cluster.name.startsWith(`k${runnerId}-`)) await removeCluster(cluster.name);
  for (const dir of [dataDir, profileDir, teacherProfileDir, runnerHome, labsDir])
    if (dir) await rm(dir, { recursive: true, force: true });
}, 5 * MINUTES);

async function signUp(tab: Page, name: string, email: string) {
  await tab.goto(`${app.url}/sign-up`);
  await tab.getByLabel("Name").fill(name);
  await tab.getByLabel("Email").fill(email);
  await tab.getByLabel("Password").fill("correct horse battery");
  await tab.getByRole("button", { name: "Create account" }).click();
  await tab.getByTestId("signed-in-as").waitFor();
}

describe("resume where you left off", () => {
  it(
    "the learner joins a class, passes step 1 and writes a file in step 2",
    async () => {
      // The operator's one-time link makes the instructor the first admin, who may teach.
      await signUp(teacher, "Iris Instructor", "iris@example.org");
      await teacher.goto(`${app.url}${app.setupPath}`);
      await teacher.getByRole("button", { name: "Make me the admin" }).click();
      await teacher.waitForURL(/\/admin\/users$/);
      await teacher.goto(`${app.url}/classes`);
      await teacher.getByLabel("Class name").fill("Resume class");
      await teacher.getByRole("checkbox", { name: /Resume walk/ }).check();
      await teacher.getByRole("button", { name: "Create class" }).click();
      await teacher.waitForURL(/\/classes\/[^/]+$/);
      classPath = new URL(teacher.url()).pathname;
      const inviteUrl = await teacher.getByLabel("Invite link").inputValue();

      await signUp(page, "Ria Resume", "ria@example.org");
      await page.goto(inviteUrl);
      await page.getByRole("button", { name: "Join Resume class" }).click();
      await page.getByText("You are in this class").waitFor();
      await page.goto(`${app.url}/labs/${SLUG}/play`);
      await page.getByRole("button", { name: "Start lab" }).click();
      await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
      await waitForTerminal();

      await run("kubectl expose deployment kubia --port=80 --target-port=8080");
      await expect.poll(terminalText, { timeout: 60_000 }).toContain("service/kubia exposed");
      expect(await check()).toContain("Step passed");

      await page.getByRole("navigation", { name: "Lab steps" }).getByText("Take notes").click();
      await steps()
        .getByRole("heading", { name: /Step 2 of 2/ })
        .waitFor();
      await run("echo 'port 80 goes to 8080' > notes.txt && cat notes.txt");
      await expect.poll(terminalText, { timeout: 30_000 }).toContain("port 80 goes to 8080");
    },
    15 * MINUTES,
  );

  it(
    "the time limit ends the session",
    async () => {
      await page
        .getByRole("region", { name: "Provisioning" })
        .getByText("This lab session has ended")
        .waitFor({ timeout: 5 * MINUTES });
    },
    6 * MINUTES,
  );

  it(
    "starting again offers Resume beside Start fresh, saying what is kept and what is not",
    async () => {
      await page.goto(`${app.url}/labs/${SLUG}/play`);
      const offer = page.getByRole("region", { name: "Your work from last time is kept" });
      await offer.waitFor();
      const text = await offer.innerText();
      expect(text).toContain("You were on step 2, Take notes");
      expect(text).toContain("Service/kubia");
      expect(text).toContain("Deployment/kubia");
      expect(text).toContain("notes.txt");
      expect(text).toMatch(/cannot carry over/);
      expect(text).toMatch(/port-forwards/);
      expect(text).toMatch(/terminal history/);
      await page.getByRole("button", { name: "Start fresh" }).waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(shots, "resume.png"), fullPage: true });
    },
    2 * MINUTES,
  );

  it(
    "Resume opens step 2 in a fresh environment with their Service and their file",
    async () => {
      const before = page.url();
      await page.getByRole("button", { name: "Resume where you left off" }).click();
      await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
      // The same run of the lab, reopened: its progress and attempts stay with it.
      expect(before).toContain(`/labs/${SLUG}/play`);
      await steps()
        .getByRole("heading", { name: /Step 2 of 2/ })
        .waitFor();
      await waitForTerminal();
      const notice = work().getByRole("region", { name: "Your work, resumed" });
      await notice.waitFor();
      // The setup's Deployment is kept as well (a learner's change to it would carry over).
      expect(await notice.innerText()).toMatch(/2 objects applied again and 1 file back/);
      // With the terminal on screen: its colours are judged too (tmux's status line).
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(shots, "resume-player.png") });

      await run("cat notes.txt; kubectl get service kubia -o name");
      await expect.poll(terminalText, { timeout: 60_000 }).toContain("service/kubia");
      expect(await terminalText()).toContain("port 80 goes to 8080");

      await page.getByRole("navigation", { name: "Lab steps" }).getByText("Expose kubia").click();
      await steps()
        .getByRole("heading", { name: /Step 1 of 2/ })
        .waitFor();
      expect(await check()).toContain("Step passed");
    },
    15 * MINUTES,
  );

  it("the instructor's roster marks the resume", async () => {
    await teacher.goto(`${app.url}${classPath}`);
    const row = teacher
      .getByRole("region", { name: "Resume walk progress" })
      .locator('tr[data-learner="ria@example.org"]');
    await row.waitFor();
    const done = await row.locator("td").first().innerText();
    expect(done).toMatch(/^1\/2/);
    expect(done).toContain("resumed 1 time");
    expect(await seriousAccessibilityProblems(teacher)).toEqual([]);
    await teacher.screenshot({ path: path.join(shots, "resume-roster.png") });
  });
});
