"use client";
// One terminal tab: xterm.js with the fit addon, connected to the runner's WebSocket with a
// short-lived token the server fetched. Reconnects with backoff when the connection drops,
// except when the runner says the session is over or the token was refused twice.
import "@xterm/xterm/css/xterm.css";
import { terminalCloseCodes } from "@kindling/protocol/runner-api";
import { useEffect, useRef, useState } from "react";
import { terminalUrl } from "../actions";
import styles from "./player.module.css";

export interface TerminalHandle {
  /** Types text into the shell, as if the learner did. */
  type(text: string): void;
}

interface Props {
  sessionId: string;
  tab: number;
  active: boolean;
  onReady: (tab: number, handle: TerminalHandle | null) => void;
}

type Status = "connecting" | "connected" | "reconnecting" | "closed";

export function TerminalView({ sessionId, tab, active, onReady }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const fitRef = useRef<(() => void) | null>(null);
  const [status, setStatus] = useState<Status>("connecting");
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const cleanups: (() => void)[] = [];

    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
      ]);
      if (disposed || !host.current) return;
      const terminal = new Terminal({
        cursorBlink: true,
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
        fontSize: 14,
        theme: { background: "#0f1720" },
        // xterm adjusts any text colour that would read poorly on its background: tmux's
        // status line (black on ANSI green) is 3.6:1 in the default palette, below WCAG AA.
        minimumContrastRatio: 4.5,
      });
      const fit = new FitAddon();
      terminal.loadAddon(fit);
      terminal.open(host.current);
      const sendSize = () => {
        if (socket?.readyState === WebSocket.OPEN)
          socket.send(JSON.stringify({ type: "resize", cols: terminal.cols, rows: terminal.rows }));
      };
      fitRef.current = () => {
        try {
          fit.fit();
          sendSize();
        } catch {
          // Hidden tabs have no size; they fit when shown.
        }
      };
      fitRef.current();
      const observer = new ResizeObserver(() => fitRef.current?.());
      observer.observe(host.current);
      const input = terminal.onData((data) => {
        if (socket?.readyState === WebSocket.OPEN) socket.send(data);
      });
      cleanups.push(
        () => observer.disconnect(),
        () => input.dispose(),
        () => terminal.dispose(),
      );

      const connect = async () => {
        setStatus(failures === 0 ? "connecting" : "reconnecting");
        const answer = await terminalUrl(sessionId, tab);
        if (disposed) return;
        if (!answer.ok) {
          setMessage(answer.error);
          return scheduleRetry();
        }
        const ws = new WebSocket(answer.value.url);
        ws.binaryType = "arraybuffer";
        socket = ws;
        ws.onopen = () => {
          failures = 0;
          setStatus("connected");
          setMessage(null);
          sendSize();
          onReady(tab, { type: (text) => ws.readyState === WebSocket.OPEN && ws.send(text) });
        };
        ws.onmessage = (event) =>
          terminal.write(
            typeof event.data === "string" ? event.data : new Uint8Array(event.data as ArrayBuffer),
          );
        ws.onclose = (event) => {
          onReady(tab, null);
          if (disposed) return;
          if (event.code === terminalCloseCodes.sessionEnded) {
            setStatus("closed");
            setMessage("Your lab session has ended.");
            return;
          }
          if (event.code === terminalCloseCodes.shellExited) {
            terminal.writeln("\r\n[shell exited — starting a new one]");
          }
          scheduleRetry();
        };
      };
      const scheduleRetry = () => {
        failures += 1;
        setStatus("reconnecting");
        retry = setTimeout(() => void connect(), Math.min(15_000, 500 * 2 ** failures));
      };
      void connect();
    })();

    return () => {
      disposed = true;
      clearTimeout(retry);
      socket?.close();
      onReady(tab, null);
      for (const cleanup of cleanups.reverse()) cleanup();
    };
  }, [sessionId, tab, onReady]);

  useEffect(() => {
    if (active) fitRef.current?.();
  }, [active]);

  return (
    <div
      className={styles.terminal}
      hidden={!active}
      role="tabpanel"
      aria-labelledby={`tab-terminal-${tab}`}
    >
      <div className={styles.terminalStatus} aria-live="polite">
        {status === "connected"
          ? "Connected"
          : status === "closed"
            ? "Closed"
            : status === "connecting"
              ? "Connecting…"
              : "Reconnecting…"}
        {message && <span> — {message}</span>}
      </div>
      <div ref={host} className={styles.terminalHost} aria-label={`Terminal ${tab}`} />
    </div>
  );
}
