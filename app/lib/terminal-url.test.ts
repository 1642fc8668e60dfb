import { describe, expect, it } from "vitest";
import { terminalUrlFor } from "./terminal-url.ts";

const runner = "ws://127.0.0.1:4000/v1/sessions/s0123456789abcdef0123/terminals/1?token=abc";

describe("the terminal URL a browser gets", () => {
  it("goes through the site's own origin when the runner listens on loopback", () => {
    expect(terminalUrlFor(runner, "http://192.0.2.7:3000")).toBe(
      "ws://192.0.2.7:3000/runner/v1/sessions/s0123456789abcdef0123/terminals/1?token=abc",
    );
    expect(terminalUrlFor(runner, "https://labs.example.org")).toMatch(
      /^wss:\/\/labs\.example\.org\/runner\/v1\//,
    );
  });

  it("goes through the site when the runner gave only the any-address it listens on", () => {
    for (const any of ["0.0.0.0", "[::]"])
      expect(terminalUrlFor(runner.replace("127.0.0.1", any), "http://192.0.2.7:30300")).toBe(
        "ws://192.0.2.7:30300/runner/v1/sessions/s0123456789abcdef0123/terminals/1?token=abc",
      );
  });

  it("stays as the runner gave it when the runner has a public address of its own", () => {
    const published =
      "wss://runner.example.org/v1/sessions/s0123456789abcdef0123/terminals/1?token=abc";
    expect(terminalUrlFor(published, "https://labs.example.org")).toBe(published);
  });
});
