import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path";

describe("safeReturnPath", () => {
  it("keeps paths on this site", () => {
    expect(safeReturnPath("/labs/first-service/play")).toBe("/labs/first-service/play");
    expect(safeReturnPath("/classes?x=1")).toBe("/classes?x=1");
  });

  it("refuses other origins and odd values", () => {
    expect(safeReturnPath("https://evil.example/")).toBe("/");
    expect(safeReturnPath("//evil.example/")).toBe("/");
    expect(safeReturnPath("/\\evil.example")).toBe("/");
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/a"])).toBe("/");
  });
});
