// Kubernetes watches on one environment's API server, through @kubernetes/client-node's Watch
// with the admin credentials of the environment's kept-alive reader (util/kube-reader.ts).
// One watch per (type, namespace) the live checks read; any event but a bookmark says
// "something changed". A watch the server ends (they time out after minutes) or that fails is
// opened again from the last resourceVersion seen, or afresh when that is too old (410).
import type { KubeReader } from "../util/kube-reader.ts";
import type { WatchedResource } from "./live-plan.ts";

export interface ResourceWatch {
  /** Follows these too (already followed ones are kept). */
  follow(resources: readonly WatchedResource[]): void;
  stop(): void;
  /** How many watch connections are open or being opened. */
  readonly size: number;
}

const RETRY_MS = 2000;

export class EnvironmentWatch implements ResourceWatch {
  private readonly watches = new Map<
    string,
    { abort?: AbortController; timer?: NodeJS.Timeout; failures: number }
  >();
  private stopped = false;

  constructor(
    private readonly reader: KubeReader,
    private readonly onChange: () => void,
    private readonly log: (line: string) => void = () => {},
  ) {}

  get size(): number {
    return this.watches.size;
  }

  follow(resources: readonly WatchedResource[]): void {
    for (const resource of resources) {
      const key = `${resource.type}@${resource.namespace}`;
      if (this.stopped || this.watches.has(key)) continue;
      this.watches.set(key, { failures: 0 });
      void this.open(key, resource, undefined);
    }
  }

  private async open(key: string, resource: WatchedResource, since: string | undefined) {
    const slot = this.watches.get(key);
    if (!slot || this.stopped) return;
    let resourceVersion = since;
    const again = (fresh: boolean, failed: boolean) => {
      if (this.stopped || this.watches.get(key) !== slot) return;
      slot.abort = undefined;
      // A type the cluster lacks, or an API server that is down, is asked less and less often.
      slot.failures = failed ? slot.failures + 1 : 0;
      const delayMs = failed ? Math.min(60_000, RETRY_MS * 2 ** (slot.failures - 1)) : 250;
      slot.timer = setTimeout(
        () => void this.open(key, resource, fresh ? undefined : resourceVersion),
        delayMs,
      );
      slot.timer.unref();
    };
    try {
      const { Watch } = await import("@kubernetes/client-node");
      const found = await this.reader.resolve(resource.type);
      const ns = found.namespaced ? `/namespaces/${encodeURIComponent(resource.namespace)}` : "";
      const path = `${found.base}${ns}/${found.plural}`;
      let expired = false;
      const abort = await new Watch(this.reader.config).watch(
        path,
        { allowWatchBookmarks: true, ...(resourceVersion ? { resourceVersion } : {}) },
        (phase: string, object: { metadata?: { resourceVersion?: string }; code?: number }) => {
          if (phase === "ERROR") {
            // 410 Gone: the version we resumed from is compacted away; start afresh.
            expired = object.code === 410;
            return;
          }
          resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
          if (phase !== "BOOKMARK") this.onChange();
        },
        (error: unknown) => {
          if (error && !this.stopped) this.log(`live watch ${path}: ${String(error)}`);
          again(expired, Boolean(error));
        },
      );
      if (this.stopped || this.watches.get(key) !== slot) abort.abort();
      else slot.abort = abort;
    } catch (error) {
      if (!this.stopped) this.log(`live watch ${key}: ${(error as Error).message}`);
      again(true, true);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const slot of this.watches.values()) {
      slot.abort?.abort();
      if (slot.timer) clearTimeout(slot.timer);
    }
    this.watches.clear();
  }
}
