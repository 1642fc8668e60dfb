import { describe, expect, it } from "vitest";
import { browserLinkProblems, browserLinkTarget } from "./browser-links.ts";

describe("browser: links in step Markdown", () => {
  it("reads the address a link opens", () => {
    expect(browserLinkTarget("browser:http://kubia.example.com/")).toBe(
      "http://kubia.example.com/",
    );
    expect(browserLinkTarget("https://kubernetes.io/")).toBeUndefined();
  });

  it("accepts well-formed links, inline and by reference", () => {
    const markdown = [
      "Open [the app](browser:http://kubia.example.com/) or [the port-forward][pf].",
      "",
      "[pf]: browser:http://localhost:8080/",
    ].join("\n");
    expect(browserLinkProblems(markdown)).toEqual([]);
  });

  it("names the line of a malformed link, and ignores code blocks", () => {
    const markdown = [
      "Fine: [a](browser:https://kubia.example.com/).",
      "```",
      "[not a link](browser:nope)",
      "```",
      "Broken: [b](browser:kubia.example.com) and [c](browser:ftp://x/).",
      "[d](browser:http://me:secret@x/)",
    ].join("\n");
    expect(browserLinkProblems(markdown)).toEqual([
      { line: 5, message: expect.stringMatching(/not an absolute address/) },
      { line: 5, message: expect.stringMatching(/must start with http/) },
      { line: 6, message: expect.stringMatching(/user name or password/) },
    ]);
  });
});
