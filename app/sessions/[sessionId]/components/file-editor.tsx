"use client";
// A file tab: Monaco with YAML, saved to the database as the learner types (debounced),
// and an Apply button that sends it to the cluster through the runner. Problems the
// runner maps to lines show as markers in the editor and as a list below it.
import Editor, { type OnMount } from "@monaco-editor/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApplyOutcome } from "../lib/player-types";
import { applyFile, saveFile } from "../actions";
import { monaco, yamlLanguage } from "./monaco-setup";
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
    <div className={styles.editor} hidden={!active}>
      <div className={styles.editorBar}>
        <span className={styles.fileName}>{name}</span>
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
