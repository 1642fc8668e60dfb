// Reads a cluster's objects over one kept-alive HTTPS connection to its API server, instead
// of a `kubectl get -o json` process per read. Credentials come from an admin kubeconfig via
// @kubernetes/client-node's KubeConfig; objects come back as the API's own JSON (what
// `kubectl get -o json` prints), because graders match them partially against lab YAML and
// a typed model would drop fields it does not know. Type names are resolved as kubectl
// resolves them (`Service`, `Deployment.v1.apps`, `endpointslices.discovery.k8s.io`),
// from the API server's discovery documents, read once per reader.
import https from "node:https";
import { Writable } from "node:stream";
import type { KubeConfig } from "@kubernetes/client-node";

// The library loads every generated API model with it (about 90 MiB of the runner's memory):
// it is loaded on the first read, so a runner that grades nothing never pays for it.
const clientNode = () => import("@kubernetes/client-node");

export type KubeJson = Record<string, unknown>;

export interface ApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  shortNames?: string[];
  verbs?: string[];
}
interface Resolved {
  /** e.g. `/apis/apps/v1` or `/api/v1` */
  base: string;
  plural: string;
  namespaced: boolean;
}

export class KubeReader {
  private readonly groups = new Map<string, Promise<ApiResource[]>>();
  private preferred?: Promise<Map<string, string>>;

  private constructor(
    private readonly server: string,
    private readonly options: https.RequestOptions,
    readonly config: KubeConfig,
  ) {}

  static async fromKubeconfig(kubeconfig: string): Promise<KubeReader> {
    const { KubeConfig } = await clientNode();
    const config = new KubeConfig();
    config.loadFromString(kubeconfig);
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error("the kubeconfig names no current cluster");
    const options: https.RequestOptions = {};
    await config.applyToHTTPSOptions(options);
    const agent = new https.Agent({ keepAlive: true, maxSockets: 4, ...pick(options) });
    return new KubeReader(cluster.server.replace(/\/$/, ""), { ...options, agent }, config);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    (this.options.agent as https.Agent).destroy();
  }

  /** GET a path; undefined on 404. */
  async request(path: string): Promise<KubeJson | undefined> {
    const url = new URL(this.server + path);
    return new Promise((resolve, reject) => {
      const req = https.get(url, { ...this.options, timeout: 15_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode === 404) return resolve(undefined);
          if (res.statusCode !== 200)
            return reject(new Error(`GET ${path}: ${res.statusCode} ${body.slice(0, 300)}`));
          try {
            resolve(JSON.parse(body) as KubeJson);
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out`)));
      req.on("error", reject);
    });
  }

  /**
   * Any request over the same connection, answered with its status and parsed body (or
   * undefined when the body is not JSON); never rejects on a status.
   */
  async send(
    method: string,
    path: string,
    options: { body?: string; headers?: Record<string, string | string[]> } = {},
  ): Promise<{ status: number; body: KubeJson | undefined }> {
    const url = new URL(this.server + path);
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        { ...this.options, method, headers: options.headers, timeout: 15_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            let body: KubeJson | undefined;
            try {
              body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as KubeJson;
            } catch {
              body = undefined;
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on("error", reject);
      req.end(options.body);
    });
  }

  private resources(base: string): Promise<ApiResource[]> {
    let found = this.groups.get(base);
    if (!found) {
      found = this.request(base).then((doc) =>
        ((doc?.resources ?? []) as ApiResource[]).filter((r) => !r.name.includes("/")),
      );
      found.catch(() => this.groups.delete(base));
      this.groups.set(base, found);
    }
    return found;
  }

  /** Group name → preferred `group/version`. */
  private preferredVersions(): Promise<Map<string, string>> {
    this.preferred ??= this.request("/apis").then((doc) => {
      const list = (doc?.groups ?? []) as { name: string; preferredVersion: { version: string } }[];
      return new Map(list.map((g) => [g.name, g.preferredVersion.version]));
    });
    return this.preferred;
  }

  /** A kubectl type name (`Service`, `Kind.version.group`, `plural.group`) → its API path. */
  async resolve(type: string): Promise<Resolved> {
    const { name, bases } = typeCandidates(type, await this.preferredVersions());
    for (const base of bases) {
      const found = (await this.resources(base)).find((r) => namesResource(name, r));
      if (found) return { base, plural: found.name, namespaced: found.namespaced };
    }
    throw new Error(`the server doesn't have a resource type "${type}"`);
  }

  private async path(type: string, namespace?: string, name?: string): Promise<string> {
    const r = await this.resolve(type);
    const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
    return `${r.base}${ns}/${r.plural}${name ? `/${encodeURIComponent(name)}` : ""}`;
  }

  /** One object, or undefined when it does not exist. */
  async get(type: string, name: string, namespace?: string): Promise<KubeJson | undefined> {
    return this.request(await this.path(type, namespace, name));
  }

  /** Output (stdout and stderr together) of a command run in a pod's container. */
  async exec(
    pod: { namespace: string; name: string; container: string },
    command: string[],
    timeoutMs: number,
  ): Promise<string> {
    const { Exec } = await clientNode();
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`exec timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      new Exec(this.config)
        .exec(pod.namespace, pod.name, pod.container, command, sink, sink, null, false, () => {
          clearTimeout(timer);
          resolve(Buffer.concat(chunks).toString("utf8"));
        })
        .then((socket) => {
          socket.on("close", () => {
            clearTimeout(timer);
            resolve(Buffer.concat(chunks).toString("utf8"));
          });
          socket.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
          });
        }, reject);
    });
  }

  /** Objects of a type, optionally by label selector (`app=kubia,tier=web`), each with its kind. */
  async list(type: string, namespace?: string, labelSelector?: string): Promise<KubeJson[]> {
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : "";
    const list = await this.request(`${await this.path(type, namespace)}${query}`);
    const kind = String(list?.kind ?? "").replace(/List$/, "");
    const apiVersion = list?.apiVersion;
    // A list's items carry no kind of their own; kubectl's output gives them one.
    return ((list?.items ?? []) as KubeJson[]).map((item) => ({ apiVersion, kind, ...item }));
  }
}

/**
 * Where a kubectl type name may live, in kubectl's order: a bare name in the core group and
 * then every group's preferred version; `Kind.version.group` in exactly that group version;
 * `plural.group` in that group's preferred version.
 */
export function typeCandidates(
  type: string,
  preferred: Map<string, string>,
): { name: string; bases: string[] } {
  const [name = "", ...rest] = type.split(".");
  if (rest.length === 0)
    return { name, bases: ["/api/v1", ...[...preferred].map(([g, v]) => `/apis/${g}/${v}`)] };
  if (/^v\d/.test(rest[0]!)) {
    const group = rest.slice(1).join(".");
    return { name, bases: [group ? `/apis/${group}/${rest[0]}` : `/api/${rest[0]}`] };
  }
  const group = rest.join(".");
  const version = preferred.get(group);
  return { name, bases: version ? [`/apis/${group}/${version}`] : [] };
}

/** A name as kubectl accepts it: kind, plural, singular or short name, any case. */
export function namesResource(name: string, r: ApiResource): boolean {
  const wanted = name.toLowerCase();
  return [r.kind.toLowerCase(), r.name, r.singularName ?? "", ...(r.shortNames ?? [])].includes(
    wanted,
  );
}

function pick(options: https.RequestOptions): https.AgentOptions {
  const { ca, cert, key, rejectUnauthorized, servername } = options;
  return { ca, cert, key, rejectUnauthorized, servername };
}
