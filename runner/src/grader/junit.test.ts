import { describe, expect, it } from "vitest";
import { escapeXml, toJUnitXml } from "./junit.ts";

describe("JUnit XML", () => {
  it("escapes markup and drops characters XML cannot carry", () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>\u0007\u001b[31m`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;[31m",
    );
  });

  it("counts failures and skips per suite and in total", () => {
    const xml = toJUnitXml([
      {
        name: "first-service/expose",
        cases: [
          { name: "service-port", className: "first-service.expose", durationMs: 1200 },
          {
            name: "answers-from-inside",
            className: "first-service.expose",
            durationMs: 800,
            failure: { message: 'Service "web" <refused>', details: "a & b" },
          },
          {
            name: "forward",
            className: "first-service.expose",
            durationMs: 0,
            skipped: "no workstation",
          },
        ],
      },
    ]);
    expect(xml).toContain('<testsuites tests="3" failures="1" skipped="1" time="2.000">');
    expect(xml).toContain(
      '<testcase name="service-port" classname="first-service.expose" time="1.200"/>',
    );
    expect(xml).toContain(
      '<failure message="Service &quot;web&quot; &lt;refused&gt;">a &amp; b</failure>',
    );
    expect(xml).toContain('<skipped message="no workstation"/>');
  });
});
