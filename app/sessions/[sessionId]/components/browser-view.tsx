"use client";
// The Browser tab: an address bar whose requests the runner makes inside this learner's
// environment only (protocol/browser-api.ts), and a view of the answer. HTML is shown in a
// sandboxed frame after lib/page-document.ts made it inert; anything else as text. Each
// answer also says how it got there and which address the backend saw, and the recent
// answers stay listed, so reloads show which pod answered each time.
import type { BrowseResponse } from "@kindling/protocol/browser-api";
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import { browse } from "../actions";
import { inertPage, pageSummary } from "../lib/page-document";
import styles from "./player.module.css";

interface Props {
  sessionId: string;
  active: boolean;
  /** An address to open (a step's browser: link); `nonce` makes the same one open again. */
  request: { url: string; nonce: number } | null;
}

interface Visit {
  at: string;
  answer: BrowseResponse;
}

export function BrowserView({ sessionId, active, request }: Props) {
  const [address, setAddress] = useState("");
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [visits, setVisits] = useState<Visit[]>([]);

  const open = useCallback(
    async (url: string) => {
      if (!url.trim()) return;
      setAddress(url);
      setLoading(true);
      setError(null);
      const answer = await browse(sessionId, url);
      setLoading(false);
      if (!answer.ok) {
        setError(answer.error);
        return;
      }
      setAddress(answer.value.url);
      const at = new Date().toLocaleTimeString();
      setVisits((all) => [{ at, answer: answer.value }, ...all].slice(0, 8));
    },
    [sessionId],
  );

  // A step's link asks from outside; the request starts on the next tick, after this render.
  useEffect(() => {
    if (!request) return;
    const id = setTimeout(() => void open(request.url), 0);
    return () => clearTimeout(id);
  }, [request, open]);

  const current = visits[0]?.answer;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void open(address);
  };

  return (
    <div
      className={styles.browser}
      role="tabpanel"
      id="panel-browser"
      aria-labelledby="tab-browser"
      hidden={!active}
    >
      <form className={styles.addressBar} onSubmit={onSubmit}>
        <label htmlFor="browser-address" className={styles.srOnly}>
          Address
        </label>
        <input
          id="browser-address"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          placeholder="http://kubia.example.com/ · http://NODE-IP:NODEPORT/ · localhost:8080"
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className={styles.smallButton} disabled={loading}>
          Go
        </button>
        <button
          type="button"
          className={styles.smallButton}
          disabled={loading || !current}
          onClick={() => current && void open(current.url)}
        >
          Reload
        </button>
      </form>
      <p className={styles.browserNote}>
        Requests run from your workstation, inside your environment only: node addresses,
        LoadBalancer addresses, hosts of your Ingresses and HTTPRoutes, and localhost (your
        port-forwards).
      </p>
      <div className={styles.browserPage} aria-live="polite" aria-busy={loading}>
        {loading && <p className={styles.browserStatus}>Loading…</p>}
        {error && <p className={styles.noticeError}>{error}</p>}
        {!loading && current && <Answer answer={current} onOpen={(url) => void open(url)} />}
        {!loading && !current && !error && (
          <p className={styles.browserStatus}>Type an address of your environment and press Go.</p>
        )}
      </div>
      {visits.length > 1 && (
        <section className={styles.browserHistory} aria-label="Recent answers">
          <h2>Recent answers</h2>
          <ol>
            {visits.map((v, i) => (
              <li key={i}>
                <span className={styles.muted}>{v.at}</span> {v.answer.url} —{" "}
                {v.answer.outcome === "answered"
                  ? `${v.answer.status}: ${pageSummary(v.answer.body, v.answer.contentType) || v.answer.contentType}`
                  : v.answer.outcome}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

function Answer({ answer, onOpen }: { answer: BrowseResponse; onOpen: (url: string) => void }) {
  const page = useMemo(
    () =>
      answer.outcome === "answered" && /html/i.test(answer.contentType)
        ? inertPage(answer.body, answer.url)
        : null,
    [answer],
  );
  if (answer.outcome === "refused")
    return (
      <div className={styles.browserRefused} role="alert">
        <h2>Refused: not in your environment</h2>
        <p>{answer.reason}</p>
        <p>Nothing was sent.</p>
      </div>
    );
  const route = (
    <p className={styles.browserStatus}>
      Via {answer.route.via}, to {answer.route.address} (Host: {answer.route.host})
      {answer.outcome === "answered" &&
        ` · sent from ${answer.clientAddress || "your workstation"}; the backend sees ${answer.backendSees}`}{" "}
      · {answer.durationMs} ms
    </p>
  );
  if (answer.outcome === "failed")
    return (
      <div className={styles.browserRefused} role="alert">
        <h2>No answer</h2>
        <p>{answer.message}</p>
        {route}
      </div>
    );
  return (
    <>
      <p className={styles.browserStatusLine}>
        <strong>{answer.status}</strong> {answer.contentType || "no content type"}
        {answer.truncated && " · cut at 512 KiB"}
      </p>
      {route}
      {answer.location && (
        <p className={styles.browserStatus}>
          Redirects to {answer.location}; not followed.{" "}
          <button
            type="button"
            className={styles.smallButton}
            onClick={() => onOpen(answer.location!)}
          >
            Open it
          </button>
        </p>
      )}
      {page ? (
        <iframe
          className={styles.browserFrame}
          title={`Page at ${answer.url}`}
          sandbox=""
          srcDoc={page.html}
        />
      ) : (
        <pre className={styles.browserText} tabIndex={0}>
          {answer.body || "(no text to show)"}
        </pre>
      )}
      {page && page.links.length > 0 && (
        <details className={styles.browserLinks}>
          <summary>Links on this page ({page.links.length})</summary>
          <ul>
            {page.links.map((link) => (
              <li key={link}>
                <button type="button" className={styles.linkButton} onClick={() => onOpen(link)}>
                  {link}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <details className={styles.browserLinks}>
        <summary>Response headers ({answer.headers.length})</summary>
        <pre className={styles.browserText} tabIndex={0}>
          {answer.headers.map(([n, v]) => `${n}: ${v}`).join("\n")}
        </pre>
      </details>
    </>
  );
}
