import { describe, expect, it } from "vitest";
import { originFromHeaders } from "./site-origin.ts";

const headersOf = (values: Record<string, string>) => new Headers(values);

describe("the origin a visitor is on", () => {
  it("prefers the browser's host as Next forwards it over Next's own listening address", () => {
    const h = headersOf({ host: "127.0.0.1:3990", "x-forwarded-host": "localhost:3990" });
    expect(originFromHeaders(h)).toBe("http://localhost:3990");
  });

  it("uses the Host header when nothing forwarded it", () => {
    expect(originFromHeaders(headersOf({ host: "labs.school.example:8080" }))).toBe(
      "http://labs.school.example:8080",
    );
  });

  it("takes https only when a proxy says so, and the first of a forwarded list", () => {
    const h = headersOf({
      host: "10.0.0.5:3000",
      "x-forwarded-host": "labs.example.org, 10.0.0.5:3000",
      "x-forwarded-proto": "https, http",
    });
    expect(originFromHeaders(h)).toBe("https://labs.example.org");
    expect(originFromHeaders(headersOf({ host: "a", "x-forwarded-proto": "gopher" }))).toBe(
      "http://a",
    );
  });
});
