// Turns what `kubectl apply` says on failure into problems located in the learner's file:
// which document (by the kind and name kubectl names) and, where kubectl gives a field
// path, the line of that field. Pure: no I/O.
import type { ApplyFileProblem } from "../protocol/player-api.ts";
import { type ManifestDocument, parseFieldPath } from "./manifest-documents.ts";

/** kubectl's failures, one entry each; a multi-line one (a failed patch) is kept together. */
export function splitKubectlErrors(stderr: string): string[] {
  const entries: string[] = [];
  for (const line of stderr.split("\n")) {
    if (!line.trim()) continue;
    if (/^Warning: /.test(line)) continue;
    if (/^(Error from server|error:|The \S+ "[^"]*" is invalid)/.test(line) || entries.length === 0)
      entries.push(line);
    else entries[entries.length - 1] += `\n${line}`;
  }
  return entries;
}

/**
 * The learner-readable part of an entry: kubectl's transport prefixes and, for a failed
 * patch, the patch itself are dropped; `Service "web" is invalid: …` remains.
 */
export function cleanMessage(entry: string): string {
  const last = entry.split("\n").at(-1)!.trim();
  return last
    .replace(/^Error from server \([^)]*\): /, "")
    .replace(/^error: /, "")
    .replace(/^for: "[^"]*": /, "")
    .replace(/^(error when [a-z ]+ "[^"]*": )+/, "")
    .replace(
      /; if you choose to ignore these errors, turn validation off with --validate=false$/,
      "",
    );
}

function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** The document an error is about: the one whose quoted name (and kind) it mentions. */
export function documentOf(
  entry: string,
  documents: ManifestDocument[],
): ManifestDocument | undefined {
  if (documents.length === 1) return documents[0];
  let best: ManifestDocument | undefined;
  let bestScore = 0;
  for (const doc of documents) {
    let score = 0;
    if (doc.name && entry.includes(`"${doc.name}"`)) score += 2;
    if (doc.kind) {
      const kinds = [doc.kind, pluralOf(doc.kind), doc.kind.toLowerCase()];
      if (kinds.some((k) => new RegExp(`(^|[\\s"/(])${k}(?=[\\s".:])`).test(entry))) score += 1;
    }
    if (score > bestScore) [best, bestScore] = [doc, score];
  }
  return best;
}

const FIELD_ERROR =
  /(?:^|[\s[,])((?:metadata|spec|data|stringData|status|rules|subjects|roleRef|webhooks|template|items)(?:\[\d+\])?(?:\.[A-Za-z0-9_-]+(?:\[\d+\])*)*): (?:Invalid value|Required value|Unsupported value|Duplicate value|Not found|Forbidden|Too many|Too long|Invalid)/g;

/** Field paths an error names: validation errors, unknown fields, Go decoding errors. */
export function fieldErrors(message: string): { path: string; message: string }[] {
  const unknown = /(unknown|duplicate) field "([^"]+)"/g;
  const found: { path: string; index: number }[] = [];
  for (const m of message.matchAll(FIELD_ERROR))
    found.push({ path: m[1]!, index: m.index + m[0].indexOf(m[1]!) });
  for (const m of message.matchAll(unknown)) found.push({ path: m[2]!, index: m.index });
  const goField = /Go struct field \w+\.([\w.]+) of type/.exec(message);
  if (goField) found.push({ path: goField[1]!, index: goField.index });
  if (found.length <= 1) return found.map((f) => ({ path: f.path, message }));
  // Several fields in one message ([a: Invalid value…, b: Required value]): each problem
  // gets its own part, with what the message says before the first field as a lead-in.
  found.sort((a, b) => a.index - b.index);
  const lead = message.slice(0, found[0]!.index).replace(/[\s[]+$/, "");
  return found.map((f, i) => {
    const end = found[i + 1]?.index ?? message.length;
    const part = message
      .slice(f.index, end)
      .replace(/[\s,\]]+$/, "")
      .trim();
    return { path: f.path, message: lead ? `${lead} ${part}` : part };
  });
}

/** Problems for a failed apply, each located as precisely as kubectl's words allow. */
export function locateApplyErrors(
  stderr: string,
  documents: ManifestDocument[],
): ApplyFileProblem[] {
  const problems: ApplyFileProblem[] = [];
  for (const entry of splitKubectlErrors(stderr)) {
    const message = cleanMessage(entry);
    const doc = documentOf(entry, documents);
    const object = doc?.kind ? (doc.name ? `${doc.kind}/${doc.name}` : doc.kind) : undefined;
    const fields = doc ? fieldErrors(message) : [];
    if (doc && fields.length > 0) {
      for (const field of fields) {
        const where = doc.locate(parseFieldPath(field.path));
        // The problem names its object already; "The Service "web" is invalid:" would repeat it.
        const text = object
          ? field.message.replace(/^(The )?\S+ "[^"]*" is invalid: /, "")
          : field.message;
        problems.push({ ...where, ...(object ? { object } : {}), message: text });
      }
      continue;
    }
    // No field: the document's `kind:` line is where the object starts to be described.
    const where = doc?.locate(["kind"]);
    problems.push({ ...(where ?? {}), ...(object ? { object } : {}), message });
  }
  return problems;
}
