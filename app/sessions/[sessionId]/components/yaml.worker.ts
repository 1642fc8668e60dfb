// The YAML language worker as a local entry: Turbopack bundles `new Worker(new URL("./…"))`
// with its imports, whereas a package path in that URL is only copied as a raw file whose
// bare imports a browser cannot resolve.
//
// monaco-yaml 5 starts its worker the way Monaco before 0.55 did: a first message, then
// one carrying the language options, then Monaco's protocol. Monaco 0.57 sends a single
// '-please-ignore-' before its protocol. monaco-setup.ts posts the options first; here the
// options message plays both of the old roles and Monaco's extra message is swallowed.
import "monaco-yaml/yaml.worker.js";

const start = self.onmessage;
self.onmessage = (options: MessageEvent) => {
  start?.call(self, options);
  const withOptions = self.onmessage;
  self.onmessage = () => withOptions?.call(self, options);
};
