// A failed partial match in a learner's words: what the object has, field by field, beside
// what the check expects, and for a list none of whose items matched, what its closest item
// has instead ("the only path in spec.rules[0].http.paths has backend.service.port.number
// 8080; the check expects backend.service.port.number 80"). Never a JSON dump: that stays
// in the author's diagnostics (formatDiff).
import { type Mismatch, plain } from "./partial-match.ts";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `spec.rules[0].http.paths` → `paths`: the list's own name. */
const listName = (path: string) =>
  path
    .replace(/\[\d+\]/g, "")
    .split(".")
    .pop() || "list";

/** One of a list, named after the list: `ports` → `port`, `addresses` → `address`. */
export function singular(list: string): string {
  if (/ies$/.test(list)) return `${list.slice(0, -3)}y`;
  if (/(ss|ch|sh|x)es$/.test(list)) return list.slice(0, -2);
  if (/[^s]s$/.test(list) && list !== "tls") return list.slice(0, -1);
  return `${list} item`;
}

const field = (name: string, value: unknown) =>
  value === undefined || value === null ? `no ${name}` : `${name} ${plain(value)}`;

const and = (parts: string[]) =>
  parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;

/** The differences inside one closest list item, in one sentence. */
function describeItem(group: Mismatch[]): string {
  const item = group[0]!.item!;
  const noun = singular(listName(item.list));
  const which =
    item.count === 1
      ? `the only ${noun} in ${item.list}`
      : `the closest ${noun} in ${item.list} (${item.label ? `${item.label}, ` : ""}number ${item.index + 1} of ${item.count})`;
  if (group.length === 1 && group[0]!.item!.field === "")
    return `${which} is ${plain(group[0]!.actual)}; the check expects ${plain(group[0]!.expected)}`;
  const has = and(group.map((m) => field(m.item!.field, m.actual)));
  const wants = and(group.map((m) => field(m.item!.field, m.expected)));
  return `${which} has ${has}; the check expects ${wants}`;
}

/** A list with no item like the expected one, and no item close enough to name. */
function describeList(m: Mismatch & { actual: unknown[] }): string {
  const plural = listName(m.path);
  const noun = singular(plural);
  if (m.notDistinct && Array.isArray(m.expected))
    return `${m.path} needs a separate ${noun} for each of ${and(m.expected.map(plain))}; the ${m.actual.length === 1 ? `only ${noun} it has` : `${m.actual.length} ${plural} it has`} cannot be all of them`;
  if (m.actual.length === 0)
    return `${m.path} is empty; the check expects a ${noun} with ${isObject(m.expected) ? and(Object.entries(m.expected).map(([k, v]) => field(k, v))) : plain(m.expected)}`;
  if (!isObject(m.expected))
    return `${m.path} does not include ${plain(m.expected)}; it has ${and(m.actual.map(plain))}`;
  const wanted = and(Object.entries(m.expected).map(([k, v]) => field(k, v)));
  const values = (key: string) =>
    and(m.actual.map((a) => (isObject(a) && a[key] !== undefined ? plain(a[key]) : "none")));
  const seen = Object.keys(m.expected).map((key) =>
    m.actual.some((a) => isObject(a) && a[key] !== undefined)
      ? `${key} ${values(key)}`
      : m.actual.length === 1
        ? `it has no ${key}`
        : `none has ${key}`,
  );
  const whose =
    m.actual.length === 1 ? `its only ${noun} has` : `its ${m.actual.length} ${plural} have`;
  return `no ${noun} in ${m.path} has ${wanted}; ${whose} ${seen.join("; ")}`;
}

function describeOne(m: Mismatch): string {
  const where = m.path || "the object";
  if (Array.isArray(m.actual) && (m.notDistinct || !Array.isArray(m.expected)))
    return describeList(m as Mismatch & { actual: unknown[] });
  if (m.actual === undefined) return `${where} is not set; the check expects ${plain(m.expected)}`;
  if (m.expected === null) return `${where} is ${plain(m.actual)}; the check expects it absent`;
  return `${where} is ${plain(m.actual)}; the check expects ${plain(m.expected)}`;
}

/** One sentence per difference, one per closest list item. */
export function describeMismatches(mismatches: Mismatch[]): string[] {
  const parts: (string | Mismatch[])[] = [];
  const items = new Map<string, Mismatch[]>();
  for (const m of mismatches) {
    if (!m.item) {
      parts.push(describeOne(m));
      continue;
    }
    const key = `${m.item.list}[${m.item.index}]`;
    const group = items.get(key);
    if (group) group.push(m);
    else {
      items.set(key, [m]);
      parts.push(items.get(key)!);
    }
  }
  return parts.map((p) => (typeof p === "string" ? p : describeItem(p)));
}
