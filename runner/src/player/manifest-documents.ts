// The documents of an editor file, with where each one and each of its fields sits, so a
// problem kubectl reports about `Service/web` at `spec.ports[0].nodePort` can be shown
// on the line the learner typed it. Pure: no I/O.
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type ParsedNode,
} from "yaml";
import type { ApplyFileProblem } from "../protocol/player-api.ts";

export interface ManifestDocument {
  kind?: string;
  name?: string;
  apiVersion?: string;
  /** 1-based line of the document's first content. */
  line: number;
  /** The line (and column) of a field path such as `spec.ports[0].nodePort`. */
  locate(path: (string | number)[]): { line: number; column: number };
}

export interface ParsedManifest {
  documents: ManifestDocument[];
  /** YAML syntax errors and documents kubectl could not even identify. */
  problems: ApplyFileProblem[];
}

const text = (node: unknown): string | undefined =>
  isScalar(node) && typeof node.value === "string" ? node.value : undefined;

export function parseManifest(content: string): ParsedManifest {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(content, { lineCounter: lines, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const at = (offset: number) => {
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const problems: ApplyFileProblem[] = [];
  const documents: ManifestDocument[] = [];

  for (const doc of docs) {
    for (const error of doc.errors) {
      problems.push({
        ...at(error.pos[0]),
        message: `YAML: ${error.message.split("\n")[0]}`,
      });
    }
    if (doc.errors.length > 0) continue;
    const root = doc.contents as ParsedNode | null;
    if (root === null || (isScalar(root) && root.value === null)) continue; // an empty document
    const start = at(root.range[0]).line;
    if (!isMap(root)) {
      problems.push({
        line: start,
        message: "each document must be a mapping with apiVersion, kind and metadata",
      });
      continue;
    }
    const kind = text(root.get("kind", true));
    const apiVersion = text(root.get("apiVersion", true));
    const name = text(doc.getIn(["metadata", "name"], true));
    const generated = text(doc.getIn(["metadata", "generateName"], true));
    const object = kind && name ? `${kind}/${name}` : kind;
    const missing = [
      !apiVersion && "apiVersion",
      !kind && "kind",
      !name && !generated && "metadata.name",
    ].filter(Boolean);
    if (missing.length > 0)
      problems.push({
        line: start,
        ...(object ? { object } : {}),
        message: `this document has no ${missing.join(", ")}`,
      });
    documents.push({
      kind,
      name,
      apiVersion,
      line: start,
      locate: (path) => locate(root, path, at),
    });
  }
  return { documents, problems };
}

/**
 * Walks a field path down the document as far as it exists and answers the position of the
 * deepest key found: a field kubectl calls unknown or invalid is there; a missing required
 * one belongs to its parent. A name without an index under a list (Go's struct paths such
 * as `spec.ports.port`) picks the first item that has that key.
 */
function locate(
  root: Node,
  path: (string | number)[],
  at: (offset: number) => { line: number; column: number },
): { line: number; column: number } {
  let node: unknown = root;
  let best = at((root as ParsedNode).range[0]);
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i]!;
    if (isSeq(node)) {
      let item: unknown;
      if (typeof segment === "number") item = node.items[segment];
      else {
        item = node.items.find((it) => isMap(it) && it.has(segment));
        i -= 1; // the name still has to be found inside the item
      }
      if (!item) break;
      best = at((item as ParsedNode).range[0]);
      node = item;
      continue;
    }
    if (!isMap(node) || typeof segment !== "string") break;
    const pair = node.items.find((p) => text(p.key) === segment);
    if (!pair) break;
    best = at((pair.key as ParsedNode).range[0]);
    node = pair.value;
  }
  return best;
}

/** `spec.ports[0].nodePort` → ["spec", "ports", 0, "nodePort"]. */
export function parseFieldPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of path.split(".")) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    if (match[1]) segments.push(match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}
