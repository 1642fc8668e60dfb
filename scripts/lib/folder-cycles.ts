// The runner's layering, checked (docs/architecture.md): its top-level folders under
// runner/src must import each other without a cycle, so each can be read, tested and
// replaced from the bottom up. Tests are left out: they may reach across folders.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Folder → the folders its files import. A file directly in the root is its own unit. */
export type FolderGraph = Map<string, Set<string>>;

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;

function unitOf(root: string, file: string): string {
  const [first, ...rest] = path.relative(root, file).split(path.sep);
  return rest.length ? first! : path.basename(first!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

export function folderGraph(root: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of sourceFiles(root)) {
    const from = unitOf(root, file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), specifier!);
      if (path.relative(root, target).startsWith("..")) continue;
      const to = unitOf(root, target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle's folders, one list per strongly connected group (Tarjan), sorted. */
export function folderCycles(graph: FolderGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** One line per import that closes a cycle, naming the files to look at. */
export function describeCycle(root: string, group: string[]): string {
  const members = new Set(group);
  const lines: string[] = [];
  for (const file of sourceFiles(root)) {
    const from = unitOf(root, file);
    if (!members.has(from)) continue;
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const to = unitOf(root, path.resolve(path.dirname(file), specifier!));
      if (to !== from && members.has(to))
        lines.push(`  ${path.relative(root, file)} → ${specifier} (${from} → ${to})`);
    }
  }
  return `cycle between ${group.join(", ")}:\n${lines.join("\n")}`;
}
