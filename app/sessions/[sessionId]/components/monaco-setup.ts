"use client";
// Monaco from the local monaco-editor package, never a CDN: @monaco-editor/react's loader
// is handed the bundled module, and the editor's and monaco-yaml's workers are bundled
// beside it. Imported only in the browser (the editor is a client-only component).
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { configureMonacoYaml, type MonacoYaml } from "monaco-yaml";

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

window.MonacoEnvironment = {
  getWorker(_workerId, label) {
    if (label === "yaml")
      return new Worker(new URL("./yaml.worker.ts", import.meta.url), { type: "module" });
    return new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module" });
  },
};

// monaco-yaml asks for its worker with the pre-0.55 call (a label and options, no worker);
// Monaco 0.57 wants the Worker itself. Hand it one, with the options as its first message
// (yaml.worker.ts reads them from there).
const createWebWorker = monaco.editor.createWebWorker;
monaco.editor.createWebWorker = ((options: {
  worker?: unknown;
  label?: string;
  createData?: unknown;
}) => {
  if (options.worker || options.label !== "yaml")
    return createWebWorker(options as Parameters<typeof createWebWorker>[0]);
  const worker = new Worker(new URL("./yaml.worker.ts", import.meta.url), { type: "module" });
  worker.postMessage(options.createData);
  return createWebWorker({ ...options, worker } as Parameters<typeof createWebWorker>[0]);
}) as typeof createWebWorker;

loader.config({ monaco });

let yaml: MonacoYaml | undefined;

/**
 * YAML syntax is checked from the start; the session cluster's own API schema (served by the
 * runner, GET /v1/sessions/:id/editor-schema) adds validation and completion once it arrives.
 */
export function yamlLanguage(): MonacoYaml {
  yaml ??= configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    schemas: [],
  });
  return yaml;
}

/** Validates and completes the editor's files against the cluster's schema. */
export function applyKubernetesSchema(schema: Record<string, unknown>, fileNames: string[]): void {
  void yamlLanguage().update({
    schemas: [
      {
        uri: "kindling://cluster/openapi.json",
        // Model URIs are file:///NAME; both forms, so either way of matching finds them.
        fileMatch: fileNames.flatMap((name) => [name, `**/${name}`]),
        schema: schema as never,
      },
    ],
  });
}

export { monaco };
