// The acceptance walk of the lab player (issue 6), in real Chromium against the production
// build, a real runner, a real cluster and the real database: sign up, start the `nodeport`
// lab, run a step's command into the terminal and read its output, write the Service in the
// editor with a mistake, Apply, Check (the failure names the mistake), fix it, Apply, Check
// (pass). Around it, the classroom: an instructor creates a class with the lab, the learner
// joins through the invite link before starting, and the instructor's roster shows the
// learner's passed step. Screenshots of every stage go to test-results/walk-*.png.
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClusters, removeCluster } from "../../runner/src/cluster/cluster-store.ts";
import { loadLab } from "../../runner/src/lab-format/lab-loader.ts";
import { freePort, startApp, type StartedApp } from "../support/app-server.ts";
import { seriousAccessibilityProblems } from "../support/accessibility.ts";
import { launchChromium } from "../support/chromium.ts";

const screenshots = path.resolve(import.meta.dirname, "../../test-results");
const password = "correct horse battery";
const MINUTES = 60_000;

let dataDir: string;
let runnerHome: string;
let profileDir: string;
let teacherProfileDir: string;
let app: StartedApp;
let browser: BrowserContext;
let teacherBrowser: BrowserContext;
let page: Page;
let teacher: Page;
let classPath = "";
let inviteUrl = "";

const shot = (name: string) =>
  page.screenshot({ path: path.join(screenshots, `walk-${name}.png`) });
const steps = () => page.getByRole("region", { name: "Steps" });
const work = () => page.getByRole("region", { name: "Lab environment" });
const terminalText = () => work().locator(".xterm-rows").first().innerText();

async function signUp(tab: Page, name: string, email: string) {
  await tab.goto(`${app.url}/sign-up`);
  await tab.getByLabel("Name").fill(name);
  await tab.getByLabel("Email").fill(email);
  await tab.getByLabel("Password").fill(password);
  await tab.getByRole("button", { name: "Create account" }).click();
  await tab.getByTestId("signed-in-as").waitFor();
}

/**
 * Edits one value the way a learner does: double-click the word on its line, type the new
 * one. (Typing or inserting whole documents would meet Monaco's auto-indent.)
 */
async function editInEditor(line: string, word: string, replacement: string) {
  const token = work()
    .locator(".monaco-editor .view-line")
    .filter({ hasText: line })
    .locator("span span", { hasText: new RegExp(`^${word}$`) })
    .first();
  await token.dblclick();
  await page.keyboard.type(replacement);
  await work().getByText("Unsaved changes").waitFor({ timeout: 5000 });
  await work().getByText("Saved", { exact: true }).waitFor({ timeout: 30_000 });
}

/**
 * Fills one line of a skeleton the way a learner does: put the cursor on the line, select
 * from its first character to its end (Home, Shift+End) and type what belongs there.
 */
async function replaceLine(line: string, replacement: string) {
  await work().locator(".monaco-editor .view-line").filter({ hasText: line }).first().click();
  await page.keyboard.press("Home");
  await page.keyboard.press("Shift+End");
  await page.keyboard.type(replacement);
  await work().getByText("Saved", { exact: true }).waitFor({ timeout: 30_000 });
}

async function applyAndWait() {
  await work().getByRole("button", { name: "Apply to cluster" }).click();
  await work().getByRole("button", { name: "Apply to cluster" }).waitFor({ timeout: 90_000 });
  return work().locator("[class*=applyResult]").innerText();
}

/** Presses Check and waits for its verdicts: the attempt count (or "Step passed") moves on. */
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

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-p1-walk-data-"));
  runnerHome = await mkdtemp(path.join(tmpdir(), "kindling-p1-walk-runner-"));
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-p1-walk-chromium-"));
  teacherProfileDir = await mkdtemp(path.join(tmpdir(), "kindling-p1-walk-teacher-"));
  await mkdir(screenshots, { recursive: true });
  // The app's runner gets its own port and state, so the walk never meets another runner.
  process.env.KINDLING_RUNNER_PORT = String(await freePort());
  process.env.KINDLING_HOME = runnerHome;
  process.env.KINDLING_POOL = "";
  app = await startApp(dataDir);
  browser = await launchChromium(profileDir, { width: 1440, height: 900 });
  page = await browser.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`browser: ${message.text()}`);
  });
  // The instructor has a browser (and cookies) of their own.
  teacherBrowser = await launchChromium(teacherProfileDir, { width: 1440, height: 900 });
  teacher = await teacherBrowser.newPage();
}, 15 * MINUTES);

afterAll(async () => {
  await browser?.close();
  await teacherBrowser?.close();
  await app?.stop();
  // The runner keeps environments across restarts; this one's are removed by name.
  const state = await readFile(path.join(runnerHome, "runner", "state.json"), "utf8").catch(
    () => "{}",
  );
  const { runnerId } = JSON.parse(state) as { runnerId?: string };
  if (runnerId)
    for (const cluster of await listClusters())
      if (cluster.name.startsWith(`k${runnerId}-`)) await removeCluster(cluster.name);
  await rm(dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
  await rm(teacherProfileDir, { recursive: true, force: true });
  await rm(runnerHome, { recursive: true, force: true });
}, 5 * MINUTES);

describe("a learner walks the nodeport lab", () => {
  it("an instructor creates a class with the lab and gets its invite link", async () => {
    // The operator's one-time setup link makes her the first admin, who may teach.
    await signUp(teacher, "Iris Instructor", "iris@example.org");
    await teacher.goto(`${app.url}${app.setupPath}`);
    await teacher.getByRole("button", { name: "Make me the admin" }).click();
    await teacher.waitForURL(/\/admin\/users$/);
    await teacher.goto(`${app.url}/classes`);
    await teacher.getByLabel("Class name").fill("Networking walk");
    await teacher.getByRole("checkbox", { name: /NodePort Services/ }).check();
    await teacher.getByRole("button", { name: "Create class" }).click();
    await teacher.waitForURL(/\/classes\/[^/]+$/);
    classPath = new URL(teacher.url()).pathname;
    inviteUrl = await teacher.getByLabel("Invite link").inputValue();
    expect(inviteUrl).toMatch(/\/join\/\S+$/);
    await teacher.screenshot({ path: path.join(screenshots, "walk-00-class-created.png") });
  });

  it(
    "the learner signs up, joins through the invite link, and starts the lab",
    async () => {
      await signUp(page, "Walker Learner", "walker@example.org");
      await page.goto(inviteUrl);
      await page.getByRole("button", { name: "Join Networking walk" }).click();
      await page.getByText("You are in this class").waitFor();

      await page.goto(`${app.url}/labs/nodeport/play`);
      await page.getByRole("button", { name: "Start lab" }).click();
      await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
      await page
        .getByRole("region", { name: "Provisioning" })
        .getByText("Preparing your cluster")
        .waitFor();
      await page.waitForTimeout(20_000);
      await shot("01-provisioning");
      await work()
        .getByRole("tab", { name: "Terminal 1" })
        .waitFor({ timeout: 12 * MINUTES });
      await work().getByText("Connected").waitFor({ timeout: 60_000 });
    },
    15 * MINUTES,
  );

  it(
    "runs a command from the step into the terminal and shows its output",
    async () => {
      const block = steps()
        .locator("[class*=commandBlock]")
        .filter({ hasText: "kubectl get pods -l app=kubia -o wide" });
      // As a learner would, wait for the shell's prompt before running anything.
      await expect.poll(terminalText, { timeout: 60_000 }).toMatch(/learner@workstation/);
      await block.getByRole("button", { name: "Run" }).click();
      const running = async () =>
        (await terminalText()).match(/kubia-\S+\s+1\/1\s+Running/g)?.length ?? 0;
      // The pods may still be starting; the learner would run it again, and so does this.
      await expect
        .poll(
          async () => {
            if ((await running()) < 3) await block.getByRole("button", { name: "Run" }).click();
            return running();
          },
          { timeout: 90_000, interval: 10_000 },
        )
        .toBeGreaterThanOrEqual(3);
      await shot("02-terminal");
    },
    2 * MINUTES,
  );

  it(
    "shows a refused Apply inline, at the offending line",
    async () => {
      await steps().getByRole("button", { name: "Open in editor" }).first().click();
      await work().getByRole("tab", { name: "kubia-nodeport.yaml" }).waitFor();
      await work().locator(".monaco-editor").first().waitFor({ timeout: 60_000 });
      await work()
        .getByText(/^Kubernetes v1\.\d+\.\d+ schema$/)
        .waitFor({ timeout: 60_000 });
      // The step's file is a skeleton: the learner writes the type and the node port.
      await replaceLine("# type:", "type: NodePort");
      await replaceLine("# the node port", "nodePort: 30123");
      // The cluster's schema marks a misspelt field while typing, before any Apply.
      await editInEditor("selector:", "selector", "selectr");
      const squiggle = work().locator(
        ".monaco-editor .squiggly-error, .monaco-editor .squiggly-warning",
      );
      await squiggle.first().waitFor({ timeout: 60_000 });
      await shot("03a-schema-validation");
      await editInEditor("selectr:", "selectr", "selector");
      await squiggle.first().waitFor({ state: "detached", timeout: 30_000 });
      await editInEditor("nodePort:", "30123", "80");
      await squiggle.first().waitFor({ state: "detached", timeout: 30_000 });
      const result = await applyAndWait();
      expect(result).toMatch(/Line 12: Service\/kubia-nodeport: .*nodePort: Invalid value: 80/);
      // Monaco draws the problem under line 12.
      await work().locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 10_000 });
      await shot("03-apply-refused");
    },
    3 * MINUTES,
  );

  it(
    "applies a Service with a deliberate mistake; Check fails and names it",
    async () => {
      await editInEditor("nodePort:", "80", "30123");
      await editInEditor("targetPort:", "8080", "8081");
      await shot("04-editor-mistake");
      expect(await applyAndWait()).toMatch(/Applied: service\/kubia-nodeport created/);
      const verdicts = await check();
      expect(verdicts).toMatch(/Expected[\s\S]*8080/);
      expect(verdicts).toMatch(/Observed[\s\S]*targetPort[\s\S]*8081/);
      expect(verdicts).toMatch(/refused/);
      // The failing http check shows its own hint; the failing shape check the step's next.
      const loaded = await loadLab(path.resolve(import.meta.dirname, "../../labs"), "nodeport");
      if (!loaded.ok) throw new Error("the nodeport lab does not load");
      const [shape, answers] = loaded.lab.steps[0]!.checks;
      const shown = (markdown: string) => markdown.replaceAll("`", "");
      expect(verdicts).toContain(shown(answers!.hint!));
      expect(shape!.hint).toBeUndefined();
      expect(verdicts).toContain(shown(loaded.lab.steps[0]!.hints[0]!));
      // The whole player at work — steps, failed checks, editor, terminal — for every user.
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      expect(
        await steps()
          .getByRole("button", { name: /Step 2/ })
          .isDisabled(),
      ).toBe(true);
      await steps().getByRole("button", { name: "Check", exact: true }).scrollIntoViewIfNeeded();
      await shot("05-check-failed");
    },
    5 * MINUTES,
  );

  it(
    "fixes it, applies, and Check passes; the next step opens",
    async () => {
      await editInEditor("targetPort:", "8081", "8080");
      expect(await applyAndWait()).toMatch(/Applied: service\/kubia-nodeport configured/);
      const verdicts = await check();
      expect(verdicts).toMatch(/Step passed/);
      expect(verdicts).not.toMatch(/Observed/);
      await steps().getByText("All checks passed.").waitFor();
      expect(
        await steps()
          .getByRole("button", { name: /Step 2/ })
          .isDisabled(),
      ).toBe(false);
      await steps().getByRole("button", { name: "Check", exact: true }).scrollIntoViewIfNeeded();
      await shot("06-check-passed");
    },
    5 * MINUTES,
  );

  it("the instructor's roster shows the learner's passed step", async () => {
    await teacher.goto(`${app.url}${classPath}`);
    const row = teacher
      .getByRole("region", { name: "NodePort Services progress" })
      .locator('tr[data-learner="walker@example.org"]');
    await row.waitFor();
    const first = row.locator("td[data-status]").first();
    expect(await first.getAttribute("data-status")).toBe("done");
    expect(await first.getAttribute("title")).toMatch(
      /Walker Learner, step 1 .*: Done, 2 attempts/,
    );
    expect(await row.locator("td").first().innerText()).toBe("1/3");
    await teacher.screenshot({ path: path.join(screenshots, "walk-07-roster.png") });
  });

  it("moves between the terminal and file tabs by keyboard", async () => {
    const terminalTab = work().getByRole("tab", { name: "Terminal 1" });
    const fileTab = work().getByRole("tab", { name: "kubia-nodeport.yaml" });
    await terminalTab.click();
    expect(await terminalTab.getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("ArrowRight");
    expect(await fileTab.getAttribute("aria-selected")).toBe("true");
    expect(await fileTab.evaluate((tab) => tab === document.activeElement)).toBe(true);
    expect(await work().getByRole("tabpanel", { name: "kubia-nodeport.yaml" }).isVisible()).toBe(
      true,
    );
    await page.keyboard.press("Home");
    expect(await terminalTab.getAttribute("aria-selected")).toBe("true");
    expect(await work().getByRole("tabpanel", { name: "Terminal 1" }).isVisible()).toBe(true);
  });

  it(
    "Reset step puts the cluster back where the step starts",
    async () => {
      await steps().getByRole("button", { name: "Reset step" }).click();
      const provisioning = page.getByRole("region", { name: "Provisioning" });
      await provisioning.getByText("Resetting your cluster").waitFor();
      await shot("08-resetting");
      await work()
        .getByRole("tab", { name: "Terminal 1" })
        .waitFor({ timeout: 3 * MINUTES });
      // The earlier verdicts are gone with the state they described, and the step must pass
      // again before the next one opens; Check sees the start.
      expect(await steps().getByRole("region", { name: "Checks" }).innerText()).not.toMatch(
        /Observed/,
      );
      expect(
        await steps()
          .getByRole("button", { name: /Step 2/ })
          .isDisabled(),
      ).toBe(true);
      expect(await check()).toMatch(/there is no Service kubia-nodeport/);
      await shot("09-after-reset");
    },
    5 * MINUTES,
  );

  it("the roster keeps the step the learner passed before the reset", async () => {
    await teacher.reload();
    const row = teacher
      .getByRole("region", { name: "NodePort Services progress" })
      .locator('tr[data-learner="walker@example.org"]');
    await row.waitFor();
    expect(await row.locator("td[data-status]").first().getAttribute("data-status")).toBe("done");
    expect(await row.locator("td").first().innerText()).toBe("1/3");
  });
});
