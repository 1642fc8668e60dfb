import { describe, expect, it } from "vitest";
import { TerminalTokens } from "./terminal-token.ts";

const secret = "0123456789abcdef0123456789abcdef";
const origin = "https://labs.example.org";
const a = { sessionId: "s00000000000000000001", tab: 1, origin };
const b = { sessionId: "s00000000000000000002", tab: 1, origin };

describe("TerminalTokens", () => {
  it("opens the session and tab it was issued for, once", async () => {
    const tokens = new TerminalTokens(secret);
    const { token } = await tokens.issue(a);
    await expect(tokens.redeem(token, a)).resolves.toBeUndefined();
    await expect(tokens.redeem(token, a)).rejects.toThrow("already used");
  });

  it("refuses another session or another tab", async () => {
    const tokens = new TerminalTokens(secret);
    const { token } = await tokens.issue(a);
    await expect(tokens.redeem(token, b)).rejects.toThrow("another session or tab");
    await expect(tokens.redeem(token, { ...a, tab: 2 })).rejects.toThrow("another session");
  });

  it("is bound to the page origin it was issued for", async () => {
    const tokens = new TerminalTokens(secret);
    const { token } = await tokens.issue(a);
    expect(await tokens.boundOrigin(token)).toBe(origin);
    for (const other of ["https://evil.example", "http://labs.example.org", ""])
      await expect(tokens.redeem(token, { ...a, origin: other })).rejects.toThrow(
        "a page on another origin",
      );
    // A refusal does not use the token up: the right page can still open it.
    await expect(tokens.redeem(token, a)).resolves.toBeUndefined();
  });

  it("names no origin for a token it cannot vouch for", async () => {
    const tokens = new TerminalTokens(secret);
    const forged = await new TerminalTokens(`${secret}x`).issue(a);
    expect(await tokens.boundOrigin(forged.token)).toBeUndefined();
    expect(await tokens.boundOrigin("not-a-token")).toBeUndefined();
  });

  it("refuses an expired token with a reason that says so", async () => {
    let now = 1_000_000_000_000;
    const tokens = new TerminalTokens(secret, 60, () => now);
    const { token } = await tokens.issue(a);
    now += 61_000;
    await expect(tokens.redeem(token, a)).rejects.toThrow("terminal token expired");
    expect(await tokens.boundOrigin(token)).toBeUndefined();
  });

  it("refuses a token signed with another secret, or garbage", async () => {
    const other = await new TerminalTokens(`${secret}x`).issue(a);
    const tokens = new TerminalTokens(secret);
    await expect(tokens.redeem(other.token, a)).rejects.toThrow("invalid terminal token");
    await expect(tokens.redeem("not-a-token", a)).rejects.toThrow("invalid terminal token");
  });
});
