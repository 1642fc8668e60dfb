// JUnit XML, the format CI systems read. A small writer rather than a dependency: the
// subset used here is three elements, and escaping is the only subtle part.

export interface JUnitCase {
  name: string;
  className: string;
  durationMs: number;
  /** Absent when the case passed. */
  failure?: { message: string; details?: string };
  skipped?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
}

/** Escapes text for XML 1.0 and drops the control characters XML 1.0 cannot carry at all. */
export function escapeXml(text: string): string {
  // A char-code filter rather than a regex: lint forbids control characters in patterns.
  const allowed = (c: number) =>
    c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c !== 0xfffe && c !== 0xffff);
  return [...text]
    .filter((ch) => allowed(ch.codePointAt(0)!))
    .join("")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function toJUnitXml(suites: JUnitSuite[]): string {
  const count = (s: JUnitSuite, f: (c: JUnitCase) => boolean) => s.cases.filter(f).length;
  const time = (s: JUnitSuite) => s.cases.reduce((t, c) => t + c.durationMs, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = suites.flatMap((s) => s.cases);
  lines.push(
    `<testsuites tests="${all.length}" failures="${all.filter((c) => c.failure).length}" skipped="${all.filter((c) => c.skipped).length}" time="${seconds(all.reduce((t, c) => t + c.durationMs, 0))}">`,
  );
  for (const suite of suites) {
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${count(suite, (c) => !!c.failure)}" skipped="${count(suite, (c) => !!c.skipped)}" time="${seconds(time(suite))}">`,
    );
    for (const c of suite.cases) {
      const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.className)}" time="${seconds(c.durationMs)}"`;
      if (c.skipped)
        lines.push(
          `${open}>`,
          `      <skipped message="${escapeXml(c.skipped)}"/>`,
          "    </testcase>",
        );
      else if (c.failure)
        lines.push(
          `${open}>`,
          `      <failure message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.details ?? c.failure.message)}</failure>`,
          "    </testcase>",
        );
      else lines.push(`${open}/>`);
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
