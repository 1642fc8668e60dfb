"use client";
// A file tab: Monaco with YAML, saved to the database as the learner types (debounced),
// and an Apply button that sends it to the cluster through the runner. Problems the
// runner maps to lines show as markers in the editor and as a list below it.
import Editor, { type OnMount } from "@monaco-editor/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApplyOutcome } from "../lib/player-types";
import { applyFile, editorSchema, saveFile } from "../actions";
import { applyKubernetesSchema, monaco, yamlLanguage } from "./monaco-setup";
import styles from "./player.module.css";

interface Props {
  sessionId: string;
  name: string;
  initial: string;
  active: boolean;
  canApply: boolean;
  onChange: (name: string, content: string) => void;
}

type SaveState = "saved" | "unsaved" | "saving" | { error: string };

// One schema request per session and page, shared by every file tab; the editor works
// without it (YAML syntax only) until it arrives or if the runner cannot serve it.
type ClusterSchema = { kubernetesVersion: string; schema: Record<string, unknown> } | null;
const schemas = new Map<string, Promise<ClusterSchema>>();
const schemaFiles = new Set<string>();

/** Loads the cluster's schema into the YAML language; answers its Kubernetes version. */
function useClusterSchema(sessionId: string, name: string): string | null {
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    schemaFiles.add(name);
    let request = schemas.get(sessionId);
    if (!request) {
      request = editorSchema(sessionId).then((answer) => (answer.ok ? answer.value : null));
      schemas.set(sessionId, request);
      // A failed request is not kept: the next file tab asks again.
      void request.then((loaded) => loaded ?? schemas.delete(sessionId));
    }
    void request.then((loaded) => {
      if (!loaded || !live) return;
      applyKubernetesSchema(loaded.schema, [...schemaFiles]);
      setVersion(loaded.kubernetesVersion);
    });
    return () => {
      live = false;
    };
  }, [sessionId, name]);
  return version;
}

export default function FileEditor({
  sessionId,
  name,
  initial,
  active,
  canApply,
  onChange,
}: Props) {
  const [save, setSave] = useState<SaveState>("saved");
  const [apply, setApply] = useState<ApplyOutcome | { error: string } | null>(null);
  const [applying, setApplying] = useState(false);
  const text = useRef(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const schemaVersion = useClusterSchema(sessionId, name);

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    setSave("saving");
    const result = await saveFile(sessionId, name, text.current);
    setSave(result.ok ? "saved" : { error: result.error });
  }, [sessionId, name]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onMount: OnMount = (editor) => {
    yamlLanguage();
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void flush());
  };

  async function onApply() {
    setApplying(true);
    await flush();
    const result = await applyFile(sessionId, name, text.current);
    setApplying(false);
    setApply(result.ok ? result.value : { error: result.error });
    const model = editorRef.current?.getModel();
    if (model)
      monaco.editor.setModelMarkers(
        model,
        "kindling-apply",
        result.ok
          ? result.value.problems
              .filter((p) => p.line)
              .map((p) => ({
                severity: monaco.MarkerSeverity.Error,
                message: p.message,
                startLineNumber: p.line!,
                startColumn: p.column ?? 1,
                endLineNumber: p.line!,
                endColumn: model.getLineMaxColumn(p.line!),
              }))
          : [],
      );
  }

  return (
    <div
      className={styles.editor}
      hidden={!active}
      role="tabpanel"
      aria-labelledby={`tab-file-${name}`}
    >
      <div className={styles.editorBar}>
        <span className={styles.fileName}>{name}</span>
        <span
          className={styles.schemaState}
          title={
            schemaVersion
              ? "Fields are checked and completed against your cluster's own API"
              : "Only YAML syntax is checked until your cluster's API schema arrives"
          }
        >
          {schemaVersion ? `Kubernetes ${schemaVersion} schema` : "YAML syntax"}
        </span>
        <span className={styles.saveState} aria-live="polite">
          {save === "saved"
            ? "Saved"
            : save === "saving"
              ? "Saving…"
              : save === "unsaved"
                ? "Unsaved changes"
                : `Not saved: ${save.error}`}
        </span>
        <button
          type="button"
          className={styles.button}
          onClick={onApply}
          disabled={!canApply || applying}
        >
          {applying ? "Applying…" : "Apply to cluster"}
        </button>
      </div>
      <div className={styles.editorHost}>
        <Editor
          path={name}
          defaultLanguage="yaml"
          defaultValue={initial}
          theme="vs-dark"
          onMount={onMount}
          options={{
            minimap: { enabled: false },
            fontSize: 14,
            tabSize: 2,
            scrollBeyondLastLine: false,
            automaticLayout: true,
            // Monaco dims the number of the empty line after a final newline below readable
            // contrast; shown like the others, it reads as the line it is.
            renderFinalNewline: "on",
          }}
          onChange={(value) => {
            text.current = value ?? "";
            onChange(name, text.current);
            setSave("unsaved");
            clearTimeout(timer.current);
            timer.current = setTimeout(() => void flush(), 800);
          }}
        />
      </div>
      {apply && (
        <div className={styles.applyResult} role="status">
          {"error" in apply ? (
            <p className={styles.failText}>{apply.error}</p>
          ) : apply.applied ? (
            <p className={styles.passText}>Applied: {apply.objects.join(", ") || "no changes"}</p>
          ) : (
            <ul className={styles.problems}>
              {apply.problems.map((p, i) => (
                <li key={i}>
                  {p.line ? `Line ${p.line}: ` : ""}
                  {p.object ? `${p.object}: ` : ""}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
