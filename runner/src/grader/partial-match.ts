// Partial-object match with chainsaw/kuttl semantics: every key of the expectation must be
// in the object (recursively); a list expectation is a *subset*, each expected item matching
// a different actual item in any order. Exact-length list matching trips learners whose
// correct Service has an extra port (docs/architecture.md, "Grader semantics").

export interface Mismatch {
  /** e.g. `spec.ports[0].targetPort`, or `spec.ports` when no list item matches. */
  path: string;
  expected: unknown;
  actual: unknown;
  /**
   * Set when the difference is in the closest item of a list none of whose items matched
   * (the innermost such list): which item, of how many, and the field inside it.
   */
  item?: { list: string; index: number; count: number; field: string; label?: string };
  /** Several expected items each fit some actual item, but not each a different one. */
  notDistinct?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export function partialMatch(expected: unknown, actual: unknown, path = ""): Mismatch[] {
  if (isObject(expected)) {
    if (!isObject(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([key, value]) =>
      partialMatch(value, actual[key], join(path, key)),
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual }];
    return matchSubset(expected, actual, path);
  }
  // `null` in an expectation means "absent".
  if (expected === null)
    return actual === null || actual === undefined ? [] : [{ path, expected, actual }];
  return expected === actual ? [] : [{ path, expected, actual }];
}

const sameFields = (item: Record<string, unknown>, candidate: Record<string, unknown>) =>
  Object.keys(item).filter((key) => partialMatch(item[key], candidate[key]).length === 0).length;

/** Assigns each expected item a distinct actual item (backtracking; lists here are short). */
function matchSubset(expected: unknown[], actual: unknown[], path: string): Mismatch[] {
  const fits = expected.map((item) =>
    actual.map((candidate) => partialMatch(item, candidate).length === 0),
  );
  const used = new Set<number>();
  const assign = (i: number): boolean => {
    if (i === expected.length) return true;
    for (let j = 0; j < actual.length; j += 1) {
      if (used.has(j) || !fits[i]![j]) continue;
      used.add(j);
      if (assign(i + 1)) return true;
      used.delete(j);
    }
    return false;
  };
  if (assign(0)) return [];
  // Report against the closest actual item of each unmatched expectation: that is the item
  // the learner most likely meant, so its differences are the useful ones.
  // Every item fits somewhere, but not each a different one (e.g. the same port twice).
  if (fits.every((row) => row.some(Boolean)))
    return [{ path, expected, actual, notDistinct: true }];
  return expected.flatMap((item, i): Mismatch[] => {
    if (fits[i]!.some(Boolean)) return [];
    // The closest item shares the most whole fields with the expected one; the only item
    // of a list is the one the learner meant even when every field differs.
    let best: { diff: Mismatch[]; index: number; same: number } | undefined;
    for (const [j, candidate] of actual.entries()) {
      const diff = partialMatch(item, candidate, `${path}[${j}]`);
      const same = isObject(item) && isObject(candidate) ? sameFields(item, candidate) : 0;
      if (!best || same > best.same || (same === best.same && diff.length < best.diff.length))
        best = { diff, index: j, same };
    }
    if (!best || !isObject(item) || (best.same === 0 && actual.length > 1))
      return [{ path, expected: item, actual }];
    const { diff, index: bestIndex } = best;
    const prefix = `${path}[${bestIndex}].`;
    const closest = actual[bestIndex];
    const label = isObject(closest) && typeof closest.name === "string" ? closest.name : undefined;
    return diff.map((m) => ({
      ...m,
      item: m.item ?? {
        list: path,
        index: bestIndex,
        count: actual.length,
        field: m.path.slice(prefix.length),
        ...(label ? { label } : {}),
      },
    }));
  });
}

const show = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));

/** An author diagnostic: expected and actual side by side, one line per difference. */
export function formatDiff(mismatches: Mismatch[]): string {
  return mismatches
    .map(
      (m) =>
        `- ${m.path || "(root)"}: expected ${show(m.expected)}\n+ ${m.path || "(root)"}: actual   ${show(m.actual)}`,
    )
    .join("\n");
}

/** A value as a learner reads it in YAML: `80`, `kubia`, `{port: 80, targetPort: 8080}`. */
export function plain(value: unknown): string {
  if (value === null) return "absent";
  if (Array.isArray(value)) return `[${value.map(plain).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${plain(v)}`)
      .join(", ")}}`;
  return String(value);
}

/**
 * A partial object in plain words, one field per clause: `spec.type is NodePort;
 * spec.selector.app is kubia; spec.ports includes {port: 80, targetPort: 8080}`.
 */
export function describeExpectation(expected: unknown, path = ""): string[] {
  if (expected === null) return [`${path} is absent`];
  if (Array.isArray(expected))
    // Lists match by subset: each expected item must be among the actual ones.
    return expected.map((item) => `${path} includes ${plain(item)}`);
  if (typeof expected === "object")
    return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
      describeExpectation(value, path ? `${path}.${key}` : key),
    );
  return [`${path} is ${plain(expected)}`];
}
