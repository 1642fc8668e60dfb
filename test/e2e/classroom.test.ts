// The classroom in real Chromium against the production build, no cluster: the operator's
// setup link makes the first admin, who makes an instructor (admin page), and the
// operator's `npm run admin` another; the instructor
// creates a class, a learner signs up through the invite link and joins, the learner's
// progress is written through the app's own repositories (as the player writes it), and
// the instructor's open roster picks it up live; CSV and JUnit exports download. Then the
// access rules over HTTP: another instructor, the learner and strangers get 404 or 401.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/server/db/prisma-client";
import { LabSessionRepository } from "@/lib/server/lab-session-repository";
import { StepProgressRepository } from "@/lib/server/step-progress-repository";
import { UserRepository } from "@/lib/server/user-repository";
import { launchChromium } from "../support/chromium.ts";
import { signUpOverHttp as signUpAt } from "../support/accounts.ts";
import { startApp, type StartedApp } from "../support/app-server.ts";
import { seriousAccessibilityProblems } from "../support/accessibility.ts";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const screenshots = path.resolve(projectRoot, "test-results");
const password = "correct horse battery";

let dataDir: string;
let profileDir: string;
let app: StartedApp;
let browser: BrowserContext;
let page: Page;
const cookies: Record<"admin" | "ivy" | "otto", string> = { admin: "", ivy: "", otto: "" };
let classPath: string;
let inviteUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-e2e-classroom-"));
  profileDir = await mkdtemp(path.join(tmpdir(), "kindling-e2e-classroom-chromium-"));
  await mkdir(screenshots, { recursive: true });
  app = await startApp(dataDir);
  browser = await launchChromium(profileDir, { width: 1366, height: 768 });
  await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
});

const nav = () => page.getByRole("navigation", { name: "Account" });
const shot = (name: string) =>
  page.screenshot({ path: path.join(screenshots, `classroom-${name}.png`), fullPage: true });

const signUpOverHttp = (name: string, email: string) =>
  signUpAt(app.url, { name, email, password });

/** Makes the browser the user whose session cookie this is. */
async function browseAs(cookie: string): Promise<void> {
  await browser.clearCookies();
  await browser.addCookies(
    cookie.split("; ").map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: app.url };
    }),
  );
}

const get = (pathname: string, cookie?: string) =>
  fetch(`${app.url}${pathname}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

describe("classroom in the browser", () => {
  it("makes the first admin through the operator's one-time setup link", async () => {
    cookies.admin = await signUpOverHttp("Ada Admin", "ada@example.org");
    await browseAs(cookies.admin);
    await page.goto(`${app.url}/`);
    expect(await page.getByTestId("signed-in-as").innerText()).toMatch(/learner/);
    expect(app.setupPath).toMatch(/^\/admin\/setup\/[\w-]{43}$/);
    await page.goto(`${app.url}${app.setupPath}`);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shot("admin-setup");
    await page.getByRole("button", { name: "Make me the admin" }).click();
    await page.waitForURL(/\/admin\/users$/);
    expect(await page.getByTestId("signed-in-as").innerText()).toMatch(/admin/);
    // The link works once.
    await page.goto(`${app.url}${app.setupPath}`);
    await page.getByRole("alert").filter({ hasText: "This setup link does not work" }).waitFor();
  });

  it("lets the admin make an instructor, and keeps the last admin", async () => {
    cookies.ivy = await signUpOverHttp("Ivy Instructor", "ivy@example.org");
    await browseAs(cookies.admin);
    await page.goto(`${app.url}/`);
    await nav().getByRole("link", { name: "Users", exact: true }).click();
    await page.waitForURL(/\/admin\/users$/);

    const ivyRow = page.locator('tr[data-email="ivy@example.org"]');
    await ivyRow.getByLabel("Role of Ivy Instructor").selectOption("INSTRUCTOR");
    await ivyRow.getByRole("button", { name: "Save" }).click();
    await ivyRow.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await ivyRow.getByLabel("Role of Ivy Instructor").inputValue()).toBe("INSTRUCTOR");

    const adaRow = page.locator('tr[data-email="ada@example.org"]');
    await adaRow.getByLabel("Role of Ada Admin").selectOption("LEARNER");
    await adaRow.getByRole("button", { name: "Save" }).click();
    await adaRow.getByRole("alert").filter({ hasText: "last admin" }).waitFor();
    expect(await adaRow.getByLabel("Role of Ada Admin").inputValue()).toBe("ADMIN");
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shot("admin-users");
  });

  it("grants a role with the operator's command against the running app's database", async () => {
    cookies.otto = await signUpOverHttp("Otto Other", "otto@example.org");
    const { stdout } = await promisify(execFile)(
      "npm",
      ["run", "-s", "admin", "--", "grant", "OTTO@example.org", "instructor"],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: app.databaseUrl } },
    );
    expect(stdout).toContain("otto@example.org is now instructor");
    const classes = await get("/classes", cookies.otto);
    expect(await classes.text()).toContain("New class");
  });

  it("lets an instructor create a class and copy its invite link", async () => {
    await browseAs(cookies.ivy);
    await page.goto(`${app.url}/`);
    await nav().getByRole("link", { name: "Classes", exact: true }).click();
    await page.waitForURL(/\/classes$/);
    await page.getByLabel("Class name").fill("Networking 101");
    // Ticked out of course order on purpose: the class keeps course order.
    await page.getByRole("checkbox", { name: /NodePort Services/ }).check();
    await page.getByRole("checkbox", { name: /Port forwarding to a pod/ }).check();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shot("create");
    await page.getByRole("button", { name: "Create class" }).click();
    await page.waitForURL(/\/classes\/[a-z0-9]+$/);
    classPath = new URL(page.url()).pathname;

    inviteUrl = await page.getByLabel("Invite link").inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${app.url}/join/[a-z2-9]{12}$`));
    // By keyboard: from the link's field, Tab reaches Copy and Enter presses it.
    await page.getByLabel("Invite link").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
    expect(await page.getByText("No learners yet").isVisible()).toBe(true);
    await shot("empty");
  });

  it("says clearly when an invite link is not valid", async () => {
    const response = await page.goto(`${app.url}/join/zzzzzzzzzzzz`);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "This invite link is not valid" }).waitFor();
    await shot("join-invalid");
  });

  it("brings a new learner from the invite link through sign-up back to join", async () => {
    await browser.clearCookies();
    await page.goto(inviteUrl);
    await page.getByRole("heading", { name: "Networking 101" }).waitFor();
    const labs = page.getByRole("list", { name: "Labs in this class" }).getByRole("listitem");
    expect(await labs.allInnerTexts()).toEqual(["Port forwarding to a pod", "NodePort Services"]);
    await shot("join-signed-out");
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.getByRole("link", { name: "Create an account" }).click();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.getByLabel("Name").fill("Lea Learner");
    await page.getByLabel("Email").fill("lea@example.org");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(inviteUrl);
    await page.getByRole("button", { name: "Join Networking 101" }).click();
    await page.getByText("You are in this class").waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shot("joined");
    // Opening the link again is harmless: still a member, nothing to do.
    await page.goto(inviteUrl);
    await page.getByText("You are in this class").waitFor();

    await nav().getByRole("link", { name: "My classes", exact: true }).click();
    await page.getByRole("heading", { name: "My classes" }).waitFor();
    await page.getByRole("link", { name: "NodePort Services" }).waitFor();
    await shot("learner-classes");
  });

  it("keeps the learner out of the instructor's class and the admin pages", async () => {
    for (const pathname of [classPath, "/admin", "/admin/users"]) {
      const response = await page.goto(`${app.url}${pathname}`);
      expect(response?.status(), pathname).toBe(404);
    }
    for (const suffix of ["/progress", "/export.csv", "/export.xml"]) {
      const response = await page.request.get(`${app.url}${classPath}${suffix}`);
      expect(response.status(), suffix).toBe(404);
    }
  });

  it("shows the learner's progress on the instructor's roster, live", async () => {
    await browseAs(cookies.ivy);
    await page.goto(`${app.url}${classPath}`);
    const row = page.locator(
      'section[aria-labelledby="lab-nodeport"] tr[data-learner="lea@example.org"]',
    );
    await row.waitFor();
    expect(await row.locator("td[data-status]").first().getAttribute("data-status")).toBe(
      "not-started",
    );
    const table = page.locator('section[aria-labelledby="lab-nodeport"] table');
    const before = await table.boundingBox();

    // The learner works through the nodeport lab, recorded as the player records it.
    const db = createPrismaClient(app.databaseUrl, 1);
    try {
      const lea = await new UserRepository(db).findByEmail("lea@example.org");
      const session = await new LabSessionRepository(db).create({
        userId: lea!.id,
        labSlug: "nodeport",
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      const progress = new StepProgressRepository(db);
      await progress.touch(session.id, 0);
      await progress.useHints(session.id, 0, 1);
      await progress.recordAttempt(session.id, 0, false, [{ id: "type", passed: false }]);
      await progress.recordAttempt(session.id, 0, true, [{ id: "type", passed: true }]);
      await progress.touch(session.id, 1);
      await progress.recordAttempt(session.id, 1, false, [{ id: "probe", passed: false }]);
      await progress.revealSolution(session.id, 1);
    } finally {
      await db.$disconnect();
    }

    // No reload: the page's poll brings the new figures.
    const first = row.locator("td[data-status]").nth(0);
    await page.waitForFunction(
      (cell) => cell?.getAttribute("data-status") === "done",
      await first.elementHandle(),
      { timeout: 15_000 },
    );
    expect(await first.innerText()).toContain("2 tries · 1 hint");
    const second = row.locator("td[data-status]").nth(1);
    expect(await second.getAttribute("data-status")).toBe("in-progress");
    expect(await second.innerText()).toMatch(/1 try · 0 hints\s+solution/);
    expect(await row.locator("td").first().innerText()).toMatch(/^1\/\d+$/);
    await expect.poll(() => page.getByTestId("live-status").innerText()).toMatch(/updated/);
    // New figures, same geometry: the live update moved nothing.
    expect(await table.boundingBox()).toEqual(before);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shot("roster");
  });

  it("exports the table as CSV and as JUnit XML", async () => {
    const [csvDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toBe("networking-101-progress.csv");
    const csv = await readFile((await csvDownload.path())!, "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "learner,email,lab,step,step_title,status,completed,attempts,hints_used,solution_revealed,seconds_spent",
    );
    expect(lines.find((l) => l.includes(",nodeport,1,"))).toMatch(
      /^Lea Learner,lea@example\.org,nodeport,1,.*,done,yes,2,1,no,\d+$/,
    );
    expect(lines.find((l) => l.includes(",nodeport,2,"))).toMatch(/,in-progress,no,1,0,yes,\d+$/);
    // port-forward comes first (course order), and every line is one learner × lab × step.
    expect(lines[1]).toContain(",port-forward,1,");

    const [xmlDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export JUnit XML" }).click(),
    ]);
    expect(xmlDownload.suggestedFilename()).toBe("networking-101-junit.xml");
    const xml = await readFile((await xmlDownload.path())!, "utf8");
    const cases = xml.match(/<testcase /g)?.length ?? 0;
    expect(cases).toBe(lines.length - 1);
    expect(xml).toContain(
      `<testsuites name="Networking 101" tests="${cases}" failures="${cases - 1}" errors="0">`,
    );
    expect(xml).toContain('<testsuite name="Lea Learner &lt;lea@example.org&gt;"');
    expect(xml).toMatch(/<testcase classname="nodeport" name="1\. [^"]+" time="\d+"><properties>/);
  });
});

describe("class access over HTTP", () => {
  it("answers 404 to another instructor, and 401 or sign-in to strangers", async () => {
    for (const suffix of ["", "/progress", "/export.csv", "/export.xml"]) {
      const other = await get(`${classPath}${suffix}`, cookies.otto);
      expect(other.status, `other instructor ${suffix}`).toBe(404);
    }
    for (const suffix of ["/progress", "/export.csv", "/export.xml"]) {
      expect((await get(`${classPath}${suffix}`)).status, `anonymous ${suffix}`).toBe(401);
    }
    const anonymousPage = await get(classPath);
    expect(anonymousPage.status).toBe(307);
    expect(anonymousPage.headers.get("location")).toContain("/sign-in?next=");
  });

  it("lets the owner and an admin read the live JSON", async () => {
    for (const cookie of [cookies.ivy, cookies.admin]) {
      const response = await get(`${classPath}/progress`, cookie);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { table: { rows: { learner: { email: string } }[] } };
      expect(body.table.rows.map((r) => r.learner.email)).toEqual(["lea@example.org"]);
    }
  });
});
