import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path";

describe("safeReturnPath", () => {
  it("keeps paths on this site", () => {
    expect(safeReturnPath("/labs/first-service/play")).toBe("/labs/first-service/play");
    expect(safeReturnPath("/classes?x=1")).toBe("/classes?x=1");
    expect(safeReturnPath("/join/abc#top")).toBe("/join/abc#top");
    expect(safeReturnPath("/search?q=a%2Fb")).toBe("/search?q=a%2Fb");
    // A colon in a path is still a path on this site.
    expect(safeReturnPath("/javascript:alert(1)")).toBe("/javascript:alert(1)");
  });

  it("refuses other origins and odd values", () => {
    expect(safeReturnPath("https://evil.example/")).toBe("/");
    expect(safeReturnPath("evil.example")).toBe("/");
    expect(safeReturnPath("")).toBe("/");
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/a"])).toBe("/");
    expect(safeReturnPath(`/${"a".repeat(3000)}`)).toBe("/");
  });

  it.each([
    ["protocol-relative", "//evil.example/"],
    ["backslash", "/\\evil.example"],
    ["backslash later on", "/labs\\..\\..\\evil"],
    ["tab between the slashes", "/\t/evil.example"],
    ["newline between the slashes", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["leading space", " /labs"],
    ["space in the path", "/ /evil.example"],
    ["NUL", "/\u0000/evil.example"],
    ["non-breaking space", "/\u00a0/evil.example"],
    ["encoded slash", "/%2f/evil.example"],
    ["encoded slash, upper case", "/%2F%2Fevil.example"],
    ["encoded backslash", "/%5cevil.example"],
    ["encoded backslash, upper case", "/%5C/evil.example"],
    ["three slashes", "///evil.example"],
  ])("refuses %s", (_name, trick) => {
    expect(safeReturnPath(trick)).toBe("/");
  });

  it("uses the given fallback", () => {
    expect(safeReturnPath("//evil.example", "/labs")).toBe("/labs");
  });
});
