// Several probe scripts from one vantage point, run in one exec: each in its own subshell,
// all at once (as separate execs ran them before), each one's output kept apart in a file
// and printed after a mark that no probe line starts with. Pure, like curl-probe.ts.

const PART_MARK = "@@kindling-part ";

/** POSIX sh: runs every script side by side and prints their outputs in order, marked. */
export function buildBatchScript(scripts: readonly string[]): string {
  const lines = [`b=$(mktemp -d)`];
  scripts.forEach((script, i) => lines.push(`(\n${script}\n) >"$b/${i}" 2>&1 &`));
  lines.push(
    `wait`,
    // The newline after each part keeps the next mark at the start of a line.
    `i=0; while [ "$i" -lt ${scripts.length} ]; do echo "${PART_MARK}$i"; cat "$b/$i"; echo; i=$((i+1)); done`,
    `rm -rf "$b"`,
  );
  return lines.join("\n");
}

/**
 * Each script's output, in script order; a part missing from the output (the exec was cut
 * short) is empty, so its check sees no outcome rather than another check's.
 */
export function splitBatchOutput(stdout: string, count: number): string[] {
  const parts: string[][] = Array.from({ length: count }, () => []);
  let current: string[] | undefined;
  for (const line of stdout.split("\n")) {
    if (line.startsWith(PART_MARK)) {
      current = parts[Number(line.slice(PART_MARK.length))];
      continue;
    }
    current?.push(line);
  }
  return parts.map((p) => p.join("\n"));
}
