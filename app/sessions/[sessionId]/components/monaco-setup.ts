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
      return new Worker(new URL("monaco-yaml/yaml.worker", import.meta.url), { type: "module" });
    return new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), {
      type: "module",
    });
  },
};

loader.config({ monaco });

let yaml: MonacoYaml | undefined;

/**
 * The seam for schema validation and completion: YAML syntax is checked from the start;
 * `useKubernetesSchema` adds the session cluster's own API schema once the runner serves
 * it (GET /v1/sessions/:id/editor-schema, player-api.ts).
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

export function useKubernetesSchema(schema: Record<string, unknown>, fileNames: string[]): void {
  void yamlLanguage().update({
    schemas: [
      {
        uri: "kindling://cluster/openapi.json",
        fileMatch: fileNames.map((name) => `**/${name}`),
        schema: schema as never,
      },
    ],
  });
}

export { monaco };
