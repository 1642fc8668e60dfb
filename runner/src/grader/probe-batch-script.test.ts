import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { buildProbeScript, parseProbeOutput } from "./curl-probe.ts";
import { buildBatchScript, splitBatchOutput } from "./probe-batch-script.ts";

const sh = (script: string) => execFileSync("sh", ["-c", script], { encoding: "utf8" });

describe("one exec for several probe scripts", () => {
  it("runs every script and gives each its own output, in order", () => {
    const scripts = ["echo one; echo one-more", "sleep 0.2; echo two", "echo three >&2; exit 3"];
    const parts = splitBatchOutput(sh(buildBatchScript(scripts)), 3);
    expect(parts.map((p) => p.trim())).toEqual(["one\none-more", "two", "three"]);
  });

  it("runs the scripts side by side, not one after the other", () => {
    const started = Date.now();
    sh(buildBatchScript(["sleep 1", "sleep 1", "sleep 1"]));
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("keeps two curl probes' outcomes apart", () => {
    // Port 1 on loopback refuses: both probes fail at once, each with its own entries.
    const probe = (label: string) =>
      buildProbeScript([{ label, url: "http://127.0.0.1:1/" }], 2, 1);
    const parts = splitBatchOutput(sh(buildBatchScript([probe("a"), probe("b")])), 2);
    for (const part of parts) {
      const outcomes = parseProbeOutput(part, 1);
      expect(outcomes[0]?.map((o) => o.kind)).toEqual(["refused"]);
    }
  });

  it("leaves a part empty when the output was cut short", () => {
    expect(splitBatchOutput("@@kindling-part 0\nfirst\n", 2)).toEqual(["first\n", ""]);
  });
});
