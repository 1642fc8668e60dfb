"use client";
// The lab player: steps on the left; on the right the session bar, then terminal and file
// tabs and the Browser tab (or the provisioning view until the environment is ready).
import type { PlayerCheckResult } from "@kindling/protocol/player-api";
import { MAX_TABS } from "@kindling/protocol/runner-api";
import dynamic from "next/dynamic";
import Link from "next/link";
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from "react";
import {
  checkStep,
  endSession,
  extendSession,
  goToStep,
  pollEnvironment,
  resetLab,
  resetStep,
  retryEnvironment,
  revealSolution,
  showNextHint,
} from "../actions";
import { canOpenStep, type StepGate } from "../lib/gating";
import type {
  PlayerEnvironment,
  PlayerInitial,
  PlayerStepProgress,
  ResetOutcome,
} from "../lib/player-types";
import { timeLeft } from "../lib/time-left";
import { BrowserView } from "./browser-view";
import { CheckPanel } from "./check-panel";
import styles from "./player.module.css";
import { RestoreNotice } from "./restore-notice";
import { ProvisioningView } from "./provisioning-view";
import { StepContent } from "./step-content";
import { TerminalView, type TerminalHandle } from "./terminal-view";
import { useLiveChecks } from "./use-live-checks";

const FileEditor = dynamic(() => import("./file-editor"), {
  ssr: false,
  loading: () => <p className={styles.loading}>Loading the editor…</p>,
});

type Tab = { kind: "terminal"; tab: number } | { kind: "file"; name: string } | { kind: "browser" };
const tabKey = (t: Tab) =>
  t.kind === "terminal" ? `terminal-${t.tab}` : t.kind === "file" ? `file-${t.name}` : "browser";
const tabLabel = (t: Tab) =>
  t.kind === "terminal" ? `Terminal ${t.tab}` : t.kind === "file" ? t.name : "Browser";

export function Player({ initial }: { initial: PlayerInitial }) {
  const { sessionId, steps } = initial;
  const [environment, setEnvironment] = useState<PlayerEnvironment>(initial.environment);
  const [progress, setProgress] = useState<PlayerStepProgress[]>(initial.progress);
  const [current, setCurrent] = useState(initial.currentStep);
  const [files, setFiles] = useState(() => new Map(initial.files.map((f) => [f.name, f.content])));
  const [tabs, setTabs] = useState<Tab[]>([{ kind: "terminal", tab: 1 }]);
  const [active, setActive] = useState(tabKey({ kind: "terminal", tab: 1 }));
  const [results, setResults] = useState<Record<number, PlayerCheckResult[]>>({});
  const [solutions, setSolutions] = useState<Record<number, { name: string; content: string }[]>>(
    {},
  );
  const [browserRequest, setBrowserRequest] = useState<{ url: string; nonce: number } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const terminals = useRef(new Map<number, TerminalHandle>());
  const lastTerminal = useRef(1);

  const ready = environment.state === "ready" || environment.state === "expiring";
  const gates: StepGate[] = steps.map((s, i) => ({
    gated: s.gated,
    hasChecks: s.checks.length > 0,
    completed: progress[i]?.completed ?? false,
  }));
  const step = steps[current]!;
  const stepProgress = progress[current]!;
  const labPassed = gates.every((g) => !g.hasChecks || g.completed);
  const live = useLiveChecks(sessionId, step.id, ready && step.checks.length > 0);

  // Poll the runner: often while something is happening, slowly when ready (for the timer).
  useEffect(() => {
    if (environment.state === "ended") return;
    const busyState = !ready;
    const id = setTimeout(
      async () => {
        const answer = await pollEnvironment(sessionId);
        if (answer.ok) setEnvironment(answer.value);
      },
      // A warm-pool start is ready in about a second: look often while it is being made.
      busyState ? 750 : 20_000,
    );
    return () => clearTimeout(id);
  }, [environment, ready, sessionId]);

  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);

  const onTerminal = useCallback((tab: number, handle: TerminalHandle | null) => {
    if (handle) terminals.current.set(tab, handle);
    else terminals.current.delete(tab);
  }, []);

  async function run<T>(
    label: string,
    work: () => Promise<{ ok: true; value: T } | { ok: false; error: string }>,
    then: (value: T) => void,
    done?: string,
  ) {
    setBusy(label);
    setNotice(null);
    const answer = await work();
    setBusy(null);
    if (answer.ok) {
      then(answer.value);
      if (done) setNotice({ text: done, error: false });
    } else setNotice({ text: answer.error, error: true });
  }

  function openStep(index: number) {
    if (!canOpenStep(gates, index) && !(index === current + 1 && step.checks.length === 0)) return;
    void run(
      "nav",
      () => goToStep(sessionId, index),
      (value) => {
        setProgress(value);
        setCurrent(index);
      },
    );
  }

  /** The reset step and every later one must pass again; their verdicts described a state
   * that no longer exists. */
  function afterReset(value: ResetOutcome) {
    setEnvironment(value.environment);
    setProgress(value.progress);
    setResults((r) =>
      Object.fromEntries(Object.entries(r).filter(([step]) => Number(step) < value.currentStep)),
    );
    setCurrent(value.currentStep);
  }

  function runCommand(command: string) {
    const target =
      terminals.current.get(lastTerminal.current) ?? terminals.current.values().next().value;
    if (!target) {
      setNotice({ text: "The terminal is not connected yet.", error: true });
      return;
    }
    setActive(tabKey({ kind: "terminal", tab: lastTerminal.current }));
    target.type(`${command}\r`);
  }

  function openFile(name: string) {
    const tab: Tab = { kind: "file", name };
    setTabs((all) => (all.some((t) => tabKey(t) === tabKey(tab)) ? all : [...all, tab]));
    setActive(tabKey(tab));
  }

  /** Opens the Browser tab, at `url` when a step's browser: link asks for one. */
  function openBrowser(url?: string) {
    const tab: Tab = { kind: "browser" };
    setTabs((all) => (all.some((t) => t.kind === "browser") ? all : [...all, tab]));
    setActive(tabKey(tab));
    if (url) setBrowserRequest((r) => ({ url, nonce: (r?.nonce ?? 0) + 1 }));
  }

  function selectTab(tab: Tab) {
    setActive(tabKey(tab));
    if (tab.kind === "terminal") lastTerminal.current = tab.tab;
  }

  /** Arrow keys, Home and End move between tabs (the ARIA tabs pattern); Delete closes one. */
  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    if (event.key === "Delete" && tabs.length > 1) {
      event.preventDefault();
      closeTab(tabs[index]!);
      return;
    }
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = tabs[(moves[event.key]! + tabs.length) % tabs.length]!;
    selectTab(next);
    document.getElementById(`tab-${tabKey(next)}`)?.focus();
  }

  function addTerminal() {
    const used = new Set(tabs.flatMap((t) => (t.kind === "terminal" ? [t.tab] : [])));
    const free = Array.from({ length: MAX_TABS }, (_, i) => i + 1).find((n) => !used.has(n));
    if (!free) return;
    setTabs((all) => [...all, { kind: "terminal", tab: free }]);
    setActive(tabKey({ kind: "terminal", tab: free }));
    lastTerminal.current = free;
  }

  function closeTab(tab: Tab) {
    const rest = tabs.filter((t) => tabKey(t) !== tabKey(tab));
    if (rest.length === 0) return;
    setTabs(rest);
    if (active === tabKey(tab)) setActive(tabKey(rest[0]!));
  }

  const clock = timeLeft(environment.expiresAt, now);
  const nextOpen =
    current + 1 < steps.length && (canOpenStep(gates, current + 1) || step.checks.length === 0);

  return (
    <main className={styles.player}>
      <section className={styles.steps} aria-label="Steps">
        <Link href={`/labs/${initial.labSlug}`} className={styles.back}>
          ← {initial.labTitle}
        </Link>
        <nav aria-label="Lab steps">
          <ol className={styles.stepNav}>
            {steps.map((s, i) => {
              const open = canOpenStep(gates, i);
              return (
                <li key={s.id}>
                  <button
                    type="button"
                    onClick={() => openStep(i)}
                    disabled={!open || busy !== null}
                    aria-current={i === current ? "step" : undefined}
                    className={i === current ? styles.stepCurrent : undefined}
                    title={open ? s.title : "Pass the steps before this one first"}
                  >
                    <span className={styles.stepNumber}>
                      {progress[i]?.completed ? "✓" : open ? i + 1 : <LockIcon />}
                    </span>
                    <span className={styles.srOnly}>
                      {progress[i]?.completed ? `Step ${i + 1}, passed: ` : `Step ${i + 1}: `}
                    </span>
                    <span className={styles.stepTitle}>{s.title}</span>
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>

        <article className={styles.stepBody}>
          <h1>
            <span className={styles.muted}>
              Step {current + 1} of {steps.length} ·{" "}
            </span>
            {step.title}
          </h1>
          <StepContent
            slug={initial.labSlug}
            title={step.title}
            markdown={step.markdown}
            canRun={ready}
            onRun={runCommand}
            onOpenFile={openFile}
            onBrowse={openBrowser}
          />
          <CheckPanel
            step={step}
            progress={stepProgress}
            canCheck={ready}
            results={results[current]}
            solution={solutions[current]}
            busy={busy}
            live={live}
            onCheck={() =>
              void run(
                "check",
                () => checkStep(sessionId, current),
                (value) => {
                  setResults((r) => ({ ...r, [current]: value.results }));
                  setProgress(value.progress);
                  setNotice(value.passed ? { text: "All checks passed.", error: false } : null);
                },
              )
            }
            onHint={() => void run("hint", () => showNextHint(sessionId, current), setProgress)}
            onReveal={() =>
              void run(
                "reveal",
                () => revealSolution(sessionId, current),
                (value) => {
                  setSolutions((s) => ({ ...s, [current]: value.files }));
                  setProgress(value.progress);
                },
              )
            }
          />
          {initial.recap && labPassed && current === steps.length - 1 && (
            <section className={styles.recap} aria-labelledby="recap-title">
              <h2 id="recap-title">Recap</h2>
              <StepContent
                slug={initial.labSlug}
                title="Recap"
                markdown={initial.recap}
                canRun={ready}
                onRun={runCommand}
                onOpenFile={openFile}
                onBrowse={openBrowser}
              />
            </section>
          )}
        </article>

        <div className={styles.stepFooter}>
          <p className={notice?.error ? styles.noticeError : styles.notice} role="status">
            {notice?.text}
          </p>
          <div className={styles.row}>
            <button
              type="button"
              className={styles.button}
              onClick={() => openStep(current - 1)}
              disabled={current === 0 || busy !== null}
            >
              ← Previous
            </button>
            <button
              type="button"
              className={styles.button}
              disabled={!ready || busy !== null}
              onClick={() =>
                void run(
                  "reset-step",
                  () => resetStep(sessionId, current),
                  afterReset,
                  "Resetting this step…",
                )
              }
            >
              Reset step
            </button>
            {current + 1 < steps.length && (
              <button
                type="button"
                className={styles.primary}
                onClick={() => openStep(current + 1)}
                disabled={!nextOpen || busy !== null}
                title={nextOpen ? undefined : "Pass this step's checks to continue"}
              >
                Next step →
              </button>
            )}
          </div>
        </div>
      </section>

      <section className={styles.workArea} aria-label="Lab environment">
        <div className={styles.sessionBar}>
          <span className={styles.statePill} data-state={environment.state}>
            {environment.state === "waiting-for-runner" ? "waiting" : environment.state}
          </span>
          {clock && (
            <span
              className={clock.warn || environment.expiring ? styles.clockWarn : styles.clock}
              role={clock.warn ? "alert" : undefined}
            >
              {clock.warn || environment.expiring ? "⚠ " : ""}
              {clock.text}
            </span>
          )}
          <span className={styles.spacer} />
          <button
            type="button"
            className={styles.darkButton}
            disabled={!ready || busy !== null}
            onClick={() =>
              void run(
                "extend",
                () => extendSession(sessionId),
                setEnvironment,
                "Session extended.",
              )
            }
          >
            Extend
          </button>
          <button
            type="button"
            className={styles.darkButton}
            disabled={!ready || busy !== null}
            onClick={() =>
              void run("reset-lab", () => resetLab(sessionId), afterReset, "Resetting the lab…")
            }
          >
            Reset lab
          </button>
          <button
            type="button"
            className={styles.darkButton}
            disabled={environment.state === "ended" || busy !== null}
            onClick={() =>
              void run(
                "end",
                () => endSession(sessionId),
                () =>
                  setEnvironment({
                    state: "ended",
                    progress: [],
                    expiring: false,
                    reason: "Ended by you.",
                  }),
              )
            }
          >
            End
          </button>
        </div>

        {ready && environment.restore && <RestoreNotice report={environment.restore} />}
        {ready ? (
          <>
            <div className={styles.tabs}>
              {/* Only tabs inside the tablist (ARIA): a tab closes with Delete from the keyboard,
                  or with its × by mouse, which is hidden from screen readers to match. */}
              <div
                className={styles.tabList}
                role="tablist"
                aria-label="Terminals, files and browser"
              >
                {tabs.map((t, i) => (
                  <div key={tabKey(t)} className={styles.tab} data-active={active === tabKey(t)}>
                    <button
                      type="button"
                      role="tab"
                      id={`tab-${tabKey(t)}`}
                      aria-selected={active === tabKey(t)}
                      tabIndex={active === tabKey(t) ? 0 : -1}
                      aria-keyshortcuts={tabs.length > 1 ? "Delete" : undefined}
                      onClick={() => selectTab(t)}
                      onKeyDown={(event) => onTabKey(event, i)}
                    >
                      {tabLabel(t)}
                    </button>
                    {tabs.length > 1 && (
                      <button
                        type="button"
                        className={styles.closeTab}
                        aria-hidden="true"
                        tabIndex={-1}
                        title={`Close ${tabLabel(t)}`}
                        onClick={() => closeTab(t)}
                      >
                        ×
                      </button>
                    )}
                  </div>
                ))}
              </div>
              <button
                type="button"
                className={styles.addTab}
                onClick={addTerminal}
                aria-label="New terminal"
              >
                +
              </button>
              {!tabs.some((t) => t.kind === "browser") && (
                <button type="button" className={styles.addTab} onClick={() => openBrowser()}>
                  Browser
                </button>
              )}
            </div>
            <div className={styles.tabPanels}>
              {tabs.map((t) =>
                t.kind === "browser" ? (
                  <BrowserView
                    key="browser"
                    sessionId={sessionId}
                    active={active === "browser"}
                    request={browserRequest}
                  />
                ) : t.kind === "terminal" ? (
                  <TerminalView
                    key={tabKey(t)}
                    sessionId={sessionId}
                    tab={t.tab}
                    active={active === tabKey(t)}
                    onReady={onTerminal}
                  />
                ) : (
                  <FileEditor
                    key={tabKey(t)}
                    sessionId={sessionId}
                    name={t.name}
                    initial={files.get(t.name) ?? ""}
                    active={active === tabKey(t)}
                    canApply={ready}
                    onChange={(name, content) => setFiles((f) => new Map(f).set(name, content))}
                  />
                ),
              )}
            </div>
          </>
        ) : (
          <ProvisioningView
            labSlug={initial.labSlug}
            environment={environment}
            busy={busy === "retry"}
            onRetry={() => void run("retry", () => retryEnvironment(sessionId), setEnvironment)}
          />
        )}
      </section>
    </main>
  );
}

// Drawn, not an emoji: the machines Kindling runs on may have no emoji font.
function LockIcon() {
  return (
    <svg width="11" height="12" viewBox="0 0 11 12" aria-hidden="true">
      <rect x="1" y="5" width="9" height="7" rx="1.5" fill="currentColor" />
      <path d="M3 5V3.5a2.5 2.5 0 0 1 5 0V5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
