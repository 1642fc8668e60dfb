// Monaco's own editor worker as a local entry, bundled like yaml.worker.ts (see there).
import "monaco-editor/editor/editor.worker";
