"use client";
// The live check states of the step the player shows (runner/src/protocol/live-api.ts): one
// WebSocket per open player, opened with a one-use token the server fetched, told the step
// whenever it changes. It reconnects with backoff when the connection drops (a runner
// restart, a reset that replaced the environment), and gives up when the session is over.
import {
  type LiveCheckState,
  liveCloseCodes,
  liveServerMessageSchema,
} from "@kindling/protocol/live-api";
import { useEffect, useRef, useState } from "react";
import { liveChecksUrl } from "../actions";

export type LiveStatus = "off" | "connecting" | "live" | "reconnecting";

export interface LiveChecks {
  status: LiveStatus;
  /** Check id → state, for `stepId` only. */
  states: ReadonlyMap<string, LiveCheckState>;
}

const EMPTY = new Map<string, LiveCheckState>();

export function useLiveChecks(sessionId: string, stepId: string, enabled: boolean): LiveChecks {
  const [status, setStatus] = useState<LiveStatus>("off");
  const [latest, setLatest] = useState<{ stepId: string; states: Map<string, LiveCheckState> }>();
  const socketRef = useRef<WebSocket | null>(null);
  const stepRef = useRef(stepId);

  useEffect(() => {
    if (!enabled) return;
    let disposed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    const again = () => {
      if (disposed) return;
      failures++;
      setStatus("reconnecting");
      retry = setTimeout(() => void connect(), Math.min(15_000, 1000 * 2 ** (failures - 1)));
    };

    const connect = async () => {
      setStatus(failures === 0 ? "connecting" : "reconnecting");
      const answer = await liveChecksUrl(sessionId);
      if (disposed) return;
      if (!answer.ok) return again();
      const socket = new WebSocket(answer.value.url);
      socketRef.current = socket;
      socket.onopen = () => {
        failures = 0;
        setStatus("live");
        socket.send(JSON.stringify({ type: "step", stepId: stepRef.current }));
      };
      socket.onmessage = (event) => {
        try {
          const parsed = liveServerMessageSchema.safeParse(JSON.parse(String(event.data)));
          if (!parsed.success) return;
          const { stepId: shown, checks } = parsed.data;
          setLatest({ stepId: shown, states: new Map(checks.map((c) => [c.id, c.state])) });
        } catch {
          // Not JSON: nothing the player can show.
        }
      };
      socket.onclose = (event) => {
        if (socketRef.current === socket) socketRef.current = null;
        if (disposed) return;
        if (event.code === liveCloseCodes.sessionEnded) return setStatus("off");
        // A refused token twice in a row is not going to get better by retrying fast.
        if (event.code === liveCloseCodes.unauthorized && failures > 1) return setStatus("off");
        again();
      };
    };
    void connect();
    return () => {
      disposed = true;
      clearTimeout(retry);
      socketRef.current?.close(1000, "player closed");
      socketRef.current = null;
    };
  }, [sessionId, enabled]);

  useEffect(() => {
    stepRef.current = stepId;
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN)
      socket.send(JSON.stringify({ type: "step", stepId }));
  }, [stepId]);

  return {
    status: enabled ? status : "off",
    states: latest && latest.stepId === stepId ? latest.states : EMPTY,
  };
}
