// The runner's state kept on the host cluster, in one ConfigMap, instead of a file on the
// runner's disk: a runner deployed on the host (deploy/kubernetes) then needs no volume, and
// a new runner pod, on any node, finds every session the last one had.
//
// One runner writes it. Each save replaces the ConfigMap at the version this runner last
// read or wrote, so a second runner writing the same state is refused (409) instead of
// silently overwriting sessions it does not know.
import type { V1ConfigMap } from "@kubernetes/client-node";
import {
  freshState,
  parseState,
  type RunnerState,
  type RunnerStateStore,
} from "../session/session-store.ts";
import { OWNER, OWNER_LABEL } from "../cluster/labels.ts";
import { hostApi } from "./host-api.ts";

const KEY = "state.json";

const status = (error: unknown) => (error as { code?: number }).code;

export class HostStateStore implements RunnerStateStore {
  private queue: Promise<void> = Promise.resolve();
  private resourceVersion: string | undefined;

  constructor(
    readonly namespace: string,
    readonly name: string,
  ) {}

  /** From "namespace/name" (KINDLING_STATE_CONFIGMAP). */
  static fromReference(reference: string): HostStateStore {
    const [namespace, name, ...rest] = reference.split("/");
    if (!namespace || !name || rest.length > 0)
      throw new Error(`KINDLING_STATE_CONFIGMAP is "namespace/name", not "${reference}"`);
    return new HostStateStore(namespace, name);
  }

  get where(): string {
    return `ConfigMap ${this.namespace}/${this.name}`;
  }

  async load(): Promise<RunnerState> {
    const api = await hostApi();
    let found: V1ConfigMap;
    try {
      found = await api.core.readNamespacedConfigMap({
        namespace: this.namespace,
        name: this.name,
      });
    } catch (error) {
      if (status(error) === 404) return freshState();
      throw error;
    }
    this.resourceVersion = found.metadata?.resourceVersion;
    const text = found.data?.[KEY];
    if (text === undefined)
      throw new Error(`${this.where} has no ${KEY}; delete it to start afresh`);
    return parseState(text, this.where);
  }

  save(state: RunnerState): Promise<void> {
    const text = `${JSON.stringify(state)}\n`;
    const write = async () => {
      const api = await hostApi();
      const body: V1ConfigMap = {
        metadata: {
          name: this.name,
          namespace: this.namespace,
          labels: { [OWNER_LABEL]: OWNER },
          resourceVersion: this.resourceVersion,
        },
        data: { [KEY]: text },
      };
      try {
        const written = this.resourceVersion
          ? await api.core.replaceNamespacedConfigMap({
              namespace: this.namespace,
              name: this.name,
              body,
            })
          : await api.core.createNamespacedConfigMap({ namespace: this.namespace, body });
        this.resourceVersion = written.metadata?.resourceVersion;
      } catch (error) {
        if (status(error) === 409)
          throw new Error(
            `${this.where} was changed by someone else (another runner?); this runner stops writing it`,
            { cause: error },
          );
        throw error;
      }
    };
    const next = this.queue.then(write, write);
    this.queue = next.catch(() => {});
    return next;
  }
}
