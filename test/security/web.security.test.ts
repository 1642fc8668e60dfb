// The hostile-learner suite, web family: attacks on the production web app (started as
// `npm start` starts it) and on the runner's terminal WebSocket, by someone with a browser,
// curl and a few loopback addresses. The runner here has an in-memory environment driver:
// the attacks stop at its tokens and origins, before any cluster would be touched.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunnerApiError, RunnerClient } from "../../runner/src/protocol/runner-client.ts";
import { terminalPath } from "../../runner/src/protocol/runner-contract.ts";
import { startRunnerServer, type StartedRunnerServer } from "../../runner/src/server.ts";
import { writeFixtureLab } from "../../runner/src/session/fixture-lab.ts";
import { namesOnlyDriver } from "../../runner/src/session/names-only-driver.ts";
import { minutesToLimits } from "../../runner/src/session/session-expiry.ts";
import { TerminalTokens } from "../../runner/src/terminal/terminal-token.ts";
import { createPrismaClient, type PrismaClient } from "@/lib/server/db/prisma-client";
import { freePort, startApp, type StartedApp } from "../support/app-server.ts";
import { attempt } from "./attempts.ts";
import { describeOutcome, openTerminal, wrongSignIn } from "./web-attacks.ts";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const SECRET = "web-security-suite-secret-0123456789abcdef";
const password = "correct horse battery";
/** The proxy the operator trusts (KINDLING_TRUSTED_PROXIES); any other peer is a client. */
const PROXY = "127.0.0.3";

let dataDir: string;
let appRunnerHome: string;
let runnerHome: string;
let app: StartedApp;
let db: PrismaClient;
let runner: StartedRunnerServer;
let api: RunnerClient;
let sessionA: string;
let sessionB: string;
let signedIn = "";

const driver = namesOnlyDriver();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kindling-sec-web-data-"));
  appRunnerHome = await mkdtemp(path.join(tmpdir(), "kindling-sec-web-apprunner-"));
  runnerHome = await mkdtemp(path.join(tmpdir(), "kindling-sec-web-runner-"));
  // The app's own runner gets its own port and state, and is never asked for a session.
  process.env.KINDLING_RUNNER_PORT = String(await freePort());
  process.env.KINDLING_HOME = appRunnerHome;
  process.env.KINDLING_POOL = "";
  app = await startApp(dataDir, {
    timeoutMs: 10 * 60_000,
    env: { KINDLING_TRUSTED_PROXIES: PROXY },
  });
  db = createPrismaClient(app.databaseUrl, 1);

  await writeFixtureLab(path.join(runnerHome, "labs"), "fixture-lab");
  runner = await startRunnerServer({
    host: "127.0.0.1",
    port: 0,
    home: runnerHome,
    labsDir: path.join(runnerHome, "labs"),
    secret: SECRET,
    maxEnvironments: 4,
    pool: "",
    limits: minutesToLimits({ session: 60, max: 90, idle: 20, warning: 5, extend: 30 }),
    driver,
    log: () => {},
  });
  api = new RunnerClient(runner.url, SECRET);
  sessionA = (await api.createSession("fixture-lab", "learner-a")).id;
  sessionB = (await api.createSession("fixture-lab", "learner-b")).id;
  for (const id of [sessionA, sessionB])
    expect((await api.waitUntilSettled(id, 30_000)).state).toBe("ready");
}, 15 * 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await runner?.stop();
  await app?.stop();
  for (const dir of [dataDir, appRunnerHome, runnerHome])
    if (dir) await rm(dir, { recursive: true, force: true });
});

async function signUp(email: string): Promise<{ status: number; cookie: string }> {
  const response = await fetch(`${app.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url },
    body: JSON.stringify({ name: email.split("@")[0], email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { status: response.status, cookie };
}

const admins = () => db.user.count({ where: { role: "ADMIN" } });

describe("web: accounts and roles", () => {
  it("racing first sign-ups on a fresh installation make nobody admin", async () => {
    const result = await attempt(
      "web",
      "4 racing first sign-ups on a fresh install",
      "all learners, no admin",
      async () => {
        const raced = await Promise.all(
          ["ra", "rb", "rc", "rd"].map((n) => signUp(`${n}@example.org`)),
        );
        const roles = await db.user.findMany({ select: { role: true } });
        const adminPage = await Promise.all(
          raced.map(
            async (r) =>
              (await fetch(`${app.url}/admin/users`, { headers: { cookie: r.cookie } })).status,
          ),
        );
        signedIn = raced[0]!.cookie;
        const learners = roles.filter((r) => r.role === "LEARNER").length;
        return {
          observed: `sign-ups ${raced.map((r) => r.status).join(",")}; ${learners}/${roles.length} learners; /admin/users ${adminPage.join(",")}`,
          held:
            raced.every((r) => r.status === 200) &&
            roles.length === 4 &&
            learners === 4 &&
            adminPage.every((s) => s === 404),
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("two accounts racing the operator's setup link: exactly one becomes admin", async () => {
    const result = await attempt(
      "web",
      "2 accounts redeem the one-time setup link at once",
      "exactly one admin; link used up",
      async () => {
        if (!app.setupPath) return { observed: "npm start printed no setup link", held: false };
        const [x, y] = await Promise.all([signUp("sx@example.org"), signUp("sy@example.org")]);
        // The page's form, as a browser without JavaScript would post it.
        const html = await (
          await fetch(`${app.url}${app.setupPath}`, { headers: { cookie: x.cookie } })
        ).text();
        const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1];
        if (!actionField) return { observed: "no action form on the setup page", held: false };
        const token = app.setupPath.split("/").at(-1)!;
        const redeem = async (cookie: string) => {
          const form = new FormData();
          form.set(actionField, "");
          form.set("token", token);
          const response = await fetch(`${app.url}${app.setupPath}`, {
            method: "POST",
            headers: { origin: app.url, cookie },
            body: form,
            redirect: "manual",
          });
          return response.headers.get("location") ?? `HTTP ${response.status}`;
        };
        const landed = await Promise.all([redeem(x.cookie), redeem(y.cookie)]);
        const late = await redeem(signedIn);
        const count = await admins();
        const shown = (l: string) => l.replace(token, "…");
        return {
          observed: `went to ${landed.map(shown).join(" | ")}; a third later: ${shown(late)}; admins ${count}`,
          held:
            count === 1 &&
            landed.filter((l) => l.endsWith("/admin/users")).length === 1 &&
            !late.endsWith("/admin/users"),
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });
});

describe("web: sign-in rate limit keys on the real peer", () => {
  it("forged X-Forwarded-For after the limit still gets 429", async () => {
    const result = await attempt(
      "web",
      "15 sign-ins with forged X-Forwarded-For after limit",
      "all 429",
      async () => {
        const first: number[] = [];
        for (let i = 0; i < 11; i += 1) first.push(await wrongSignIn(app.url, "127.0.0.1"));
        const forged: number[] = [];
        for (let i = 1; i <= 15; i += 1)
          forged.push(
            await wrongSignIn(app.url, "127.0.0.1", {
              "x-forwarded-for": `198.51.100.${i}`,
              "x-real-ip": `198.51.100.${i}`,
              // Even the header our own server writes, if a client sends it.
              "x-kindling-client-address": `198.51.100.${i}`,
            }),
          );
        // Control: a genuinely different peer is not caught by the first one's limit.
        const otherPeer = await wrongSignIn(app.url, "127.0.0.2");
        const count = (s: number[], n: number) => s.filter((x) => x === n).length;
        return {
          observed: `first 11: ${count(first, 401)}×401 then ${first.at(-1)}; forged: ${count(forged, 429)}/15×429; other peer ${otherPeer}`,
          held:
            count(first, 401) === 10 &&
            first.at(-1) === 429 &&
            forged.every((s) => s === 429) &&
            otherPeer === 401,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("behind a trusted proxy, a client cannot forge the hop the proxy saw", async () => {
    const result = await attempt(
      "web",
      "client behind trusted proxy prepends forged hops",
      "limit keys on the hop the proxy saw",
      async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 11; i += 1)
          statuses.push(await wrongSignIn(app.url, PROXY, { "x-forwarded-for": "203.0.113.7" }));
        const forged: number[] = [];
        for (let i = 1; i <= 5; i += 1)
          forged.push(
            await wrongSignIn(app.url, PROXY, {
              "x-forwarded-for": `198.51.100.${i}, 203.0.113.7`,
            }),
          );
        // Control: another client of the same proxy has a limit of its own.
        const neighbour = await wrongSignIn(app.url, PROXY, { "x-forwarded-for": "203.0.113.8" });
        return {
          observed: `11th ${statuses.at(-1)}; forged prefix ${forged.join(",")}; neighbour ${neighbour}`,
          held: statuses.at(-1) === 429 && forged.every((s) => s === 429) && neighbour === 401,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });
});

describe("web: return paths", () => {
  const tricks: [string, string][] = [
    ["tab", "/\t/evil.example"],
    ["newline", "/\n/evil.example"],
    ["backslash", "/\\evil.example"],
    ["protocol-relative", "//evil.example"],
    ["encoded slash", "/%2f%2fevil.example"],
    ["encoded backslash", "/%5cevil.example"],
    ["absolute URL", "https://evil.example/"],
  ];

  it.each(tricks)("next= with a %s lands on this site", async (name, trick) => {
    const result = await attempt(
      "web",
      `next= redirect trick: ${name}`,
      "same-site path",
      async () => {
        const response = await fetch(`${app.url}/sign-in?next=${encodeURIComponent(trick)}`, {
          headers: { cookie: signedIn },
          redirect: "manual",
        });
        const location = response.headers.get("location") ?? "";
        const target = new URL(location, app.url);
        return {
          observed: `${response.status} → ${JSON.stringify(location)}`,
          held:
            response.status >= 300 &&
            response.status < 400 &&
            target.origin === new URL(app.url).origin,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("keeps a genuine return path (control)", async () => {
    const response = await fetch(`${app.url}/sign-in?next=${encodeURIComponent("/classes")}`, {
      headers: { cookie: signedIn },
      redirect: "manual",
    });
    expect(response.headers.get("location")).toBe("/classes");
  });
});

describe("web: security headers", () => {
  it("every page carries the standard security headers", async () => {
    const result = await attempt(
      "web",
      "security headers on pages, API and 404",
      "nosniff, DENY, frame-ancestors, policies",
      async () => {
        const missing: string[] = [];
        for (const pathname of ["/", "/sign-in", "/labs/port-forward", "/api/health", "/nope"]) {
          const h = (await fetch(`${app.url}${pathname}`)).headers;
          const ok =
            h.get("x-content-type-options") === "nosniff" &&
            h.get("x-frame-options") === "DENY" &&
            /frame-ancestors 'none'/.test(h.get("content-security-policy") ?? "") &&
            !!h.get("referrer-policy") &&
            /camera=\(\)/.test(h.get("permissions-policy") ?? "");
          if (!ok) missing.push(pathname);
        }
        return {
          observed: missing.length ? `missing on ${missing.join(", ")}` : "all 5 paths have all 5",
          held: missing.length === 0,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });
});

describe("web: terminal WebSocket", () => {
  const wsUrl = (session: string, token: string, tab = 1) =>
    `${runner.url.replace(/^http/, "ws")}${terminalPath(session, tab)}?token=${token}`;
  const tokenFor = async (session: string) => (await api.terminalToken(session, 1, app.url)).token;
  const refused = (o: Awaited<ReturnType<typeof openTerminal>>, reason: RegExp) =>
    o.kind === "closed" && o.code === 4401 && reason.test(o.reason);

  it("a page on a foreign origin gets no WebSocket", async () => {
    const result = await attempt(
      "web",
      "terminal opened from a foreign Origin",
      "403 before the handshake",
      async () => {
        const token = await tokenFor(sessionA);
        const foreign = await openTerminal(wsUrl(sessionA, token), "https://evil.example");
        const none = await openTerminal(wsUrl(sessionA, token), undefined);
        // Control: the same token from the app's own page passes the token check.
        const own = await openTerminal(wsUrl(sessionA, token), app.url);
        return {
          observed: `foreign: ${describeOutcome(foreign)}; no Origin: ${describeOutcome(none)}; own page: ${describeOutcome(own)}`,
          held:
            foreign.kind === "http" &&
            foreign.status === 403 &&
            none.kind === "http" &&
            none.status === 403 &&
            own.kind === "closed" &&
            own.code !== 4401,
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("a used token cannot be replayed", async () => {
    const result = await attempt(
      "web",
      "terminal token replayed after use",
      "refused (4401)",
      async () => {
        const token = await tokenFor(sessionA);
        const first = await openTerminal(wsUrl(sessionA, token), app.url);
        const again = await openTerminal(wsUrl(sessionA, token), app.url);
        return {
          observed: `first ${describeOutcome(first)}; replay ${describeOutcome(again)}`,
          held: first.kind === "closed" && first.code !== 4401 && refused(again, /already used/),
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("an expired token is refused", async () => {
    const result = await attempt(
      "web",
      "terminal token used after expiry",
      "refused (4401)",
      async () => {
        const old = await new TerminalTokens(SECRET, 60, () => Date.now() - 120_000).issue({
          sessionId: sessionA,
          tab: 1,
          origin: new URL(app.url).origin,
        });
        const outcome = await openTerminal(wsUrl(sessionA, old.token), app.url);
        return { observed: describeOutcome(outcome), held: refused(outcome, /expired/) };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("a forged token is refused", async () => {
    const result = await attempt(
      "web",
      "forged terminal token (other key, alg none)",
      "refused (4401)",
      async () => {
        const grant = { sessionId: sessionA, tab: 1, origin: new URL(app.url).origin };
        const otherKey = await new TerminalTokens(`${SECRET}-guess`).issue(grant);
        const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
        const now = Math.floor(Date.now() / 1000);
        const unsigned = `${part({ alg: "none" })}.${part({
          sub: sessionA,
          tab: 1,
          origin: grant.origin,
          aud: "kindling-terminal",
          iss: "kindling-runner",
          jti: "forged",
          iat: now,
          exp: now + 60,
        })}.`;
        const a = await openTerminal(wsUrl(sessionA, otherKey.token), app.url);
        const b = await openTerminal(wsUrl(sessionA, unsigned), app.url);
        return {
          observed: `other key: ${describeOutcome(a)}; alg none: ${describeOutcome(b)}`,
          held: refused(a, /invalid/) && refused(b, /invalid/),
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("a token for one session does not open another's terminal", async () => {
    const result = await attempt(
      "web",
      "terminal token for another learner's session",
      "refused (4401)",
      async () => {
        const token = await tokenFor(sessionA);
        const crossed = await openTerminal(wsUrl(sessionB, token), app.url);
        const otherTab = await openTerminal(wsUrl(sessionA, await tokenFor(sessionA), 2), app.url);
        return {
          observed: `other session: ${describeOutcome(crossed)}; other tab: ${describeOutcome(otherTab)}`,
          held: refused(crossed, /another session/) && refused(otherTab, /another session or tab/),
        };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });

  it("the runner issues no token unbound to an origin", async () => {
    const result = await attempt(
      "web",
      "terminal token asked for without an origin",
      "400 bad_request",
      async () => {
        const status = await api
          .callUnchecked("terminalToken", { params: { id: sessionA }, body: { tab: 1 } })
          .then(
            () => 200,
            (error: unknown) => (error instanceof RunnerApiError ? error.status : 0),
          );
        return { observed: `HTTP ${status}`, held: status === 400 };
      },
    );
    expect(result.held, result.observed).toBe(true);
  });
});

interface Ended {
  code: number | null;
  out: string;
}

/** Runs an entry point to its end (or 60 s); what it printed and how it ended. */
function run(args: string[], env: Record<string, string | undefined>): Promise<Ended> {
  const merged = { ...process.env };
  for (const [key, value] of Object.entries(env))
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  return new Promise((resolve) => {
    // Its own process group, so that an entry point that wrongly starts is stopped whole.
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: merged,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe("web: runner secret", () => {
  const kindling = path.join(projectRoot, "runner", "bin", "kindling.mjs");

  it("an empty runner secret is refused by every entry point", async () => {
    const result = await attempt(
      "web",
      "empty/short runner secret (env, file; 4 entry points)",
      "every entry point refuses",
      async () => {
        const home = await mkdtemp(path.join(tmpdir(), "kindling-sec-secret-"));
        try {
          await mkdir(path.join(home, "runner"), { recursive: true });
          await writeFile(path.join(home, "runner", "secret"), "\n");
          const port = String(await freePort());
          const serveEnv = await run([kindling, "serve"], {
            KINDLING_HOME: home,
            KINDLING_RUNNER_PORT: port,
            KINDLING_RUNNER_SECRET: "",
          });
          const serveEmptyFile = await run([kindling, "serve"], {
            KINDLING_HOME: home,
            KINDLING_RUNNER_PORT: port,
            KINDLING_RUNNER_SECRET: undefined,
          });
          const start = await run(["--import", "tsx", "scripts/start.ts"], {
            KINDLING_HOME: home,
            KINDLING_RUNNER_SECRET: "",
            KINDLING_DATA_DIR: path.join(home, "data"),
          });
          const web = await run(["--import", "tsx", "scripts/web-server.ts"], {
            KINDLING_RUNNER_SECRET: "short",
            PORT: String(await freePort()),
          });
          const inProcess = await startRunnerServer({
            host: "127.0.0.1",
            port: 0,
            home,
            labsDir: path.join(home, "labs"),
            secret: "",
            maxEnvironments: 1,
            pool: "",
            limits: minutesToLimits({ session: 60, max: 90, idle: 20, warning: 5, extend: 30 }),
            driver,
            log: () => {},
          }).then(
            async (s) => (await s.stop(), "started"),
            (e: Error) => e.message,
          );
          const says = (r: Ended, what: RegExp) =>
            r.code !== 0 && r.code !== null && what.test(r.out);
          const checks = {
            "serve, empty env": says(serveEnv, /KINDLING_RUNNER_SECRET: use at least 32/),
            "serve, empty file": says(serveEmptyFile, /runner secret file .* is empty/),
            "npm start, empty env": says(start, /KINDLING_RUNNER_SECRET: use at least 32/),
            "web app, short env": says(web, /KINDLING_RUNNER_SECRET: use at least 32/),
            "startRunnerServer, empty": /KINDLING_RUNNER_SECRET is empty/.test(inProcess),
          };
          const failed = Object.entries(checks).filter(([, ok]) => !ok);
          return {
            observed: failed.length
              ? `accepted by ${failed.map(([n]) => n).join(", ")}`
              : `all 5 refused (exit ${serveEnv.code}/${serveEmptyFile.code}/${start.code}/${web.code})`,
            held: failed.length === 0,
          };
        } finally {
          await rm(home, { recursive: true, force: true });
        }
      },
    );
    expect(result.held, result.observed).toBe(true);
  });
});
