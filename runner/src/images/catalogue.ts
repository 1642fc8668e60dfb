import { type Versions, loadVersions } from "./versions.ts";

/** Where an image is used, which decides how it reaches a cluster. */
export type ImageRole =
  | "node" // the node image itself
  | "preload" // baked into the node image's containerd
  | "mirror" // served to nodes by the local registry under its usual name
  | "host"; // run by the runner as a Docker container (workstation, registry)

export interface ImageSpec {
  /** Short, unique name used on the command line. */
  id: string;
  /** The exact reference manifests and kubeadm use. */
  name: string;
  /** Folder under runner/images holding build.sh. */
  recipe: string;
  role: ImageRole;
  /** Published upstream under the same name, so online mode can pull it. */
  upstream: boolean;
  /** Extra environment for build.sh. */
  env?: Record<string, string>;
  /** Files or folders (relative to runner/) besides the recipe that change the image. */
  inputs?: string[];
}

export function imageCatalogue(v: Versions): ImageSpec[] {
  const controlPlane = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"].map(
    (component): ImageSpec => ({
      id: component,
      name: `registry.k8s.io/${component}:${v.kubernetes}`,
      recipe: "control-plane",
      role: "preload",
      upstream: true,
      env: { COMPONENT: component },
    }),
  );
  const preload: ImageSpec[] = [
    ...controlPlane,
    {
      id: "kube-proxy",
      name: `registry.k8s.io/kube-proxy:${v.kubernetes}`,
      recipe: "kube-proxy",
      role: "preload",
      upstream: true,
    },
    {
      id: "etcd",
      name: `registry.k8s.io/etcd:${v.etcd}`,
      recipe: "etcd",
      role: "preload",
      upstream: true,
    },
    {
      id: "coredns",
      name: `registry.k8s.io/coredns/coredns:${v.coredns}`,
      recipe: "coredns",
      role: "preload",
      upstream: true,
    },
    {
      id: "pause",
      name: `registry.k8s.io/pause:${v.pause}`,
      recipe: "pause",
      role: "preload",
      upstream: true,
    },
    {
      id: "kindnet",
      name: `kindling/kindnet:${v.kindnet}`,
      recipe: "kindnet",
      role: "preload",
      upstream: false,
    },
    {
      id: "kubia",
      name: `kindling/kubia:${v.kubia}`,
      recipe: "kubia",
      role: "preload",
      upstream: false,
    },
    {
      id: "metallb-controller",
      name: `quay.io/metallb/controller:${v.metallb}`,
      recipe: "metallb",
      role: "preload",
      upstream: true,
    },
    {
      id: "metallb-speaker",
      name: `quay.io/metallb/speaker:${v.metallb}`,
      recipe: "metallb",
      role: "preload",
      upstream: true,
    },
    {
      id: "traefik",
      name: `traefik:${v.traefik}`,
      recipe: "traefik",
      role: "preload",
      upstream: true,
    },
  ];
  return [
    ...preload,
    {
      id: "busybox",
      name: "busybox:latest",
      recipe: "busybox",
      role: "mirror",
      upstream: true,
    },
    {
      id: "nginx",
      name: "nginx:latest",
      recipe: "nginx",
      role: "mirror",
      upstream: true,
    },
    {
      id: "curl",
      name: "curlimages/curl:latest",
      recipe: "curl",
      role: "mirror",
      upstream: true,
    },
    {
      id: "registry",
      name: `kindling/registry:${v.registry}`,
      recipe: "registry",
      role: "host",
      upstream: false,
    },
    {
      id: "workstation",
      name: `kindling/workstation:${v.kubernetes}`,
      recipe: "workstation",
      role: "host",
      upstream: false,
    },
    {
      id: "node",
      name: `kindling/node:${v.kubernetes}`,
      recipe: "node",
      role: "node",
      upstream: false,
      env: { PRELOAD: preload.map((p) => p.name).join(" ") },
      inputs: ["manifests/kindnet.yaml"],
    },
  ];
}

/**
 * Images only `kindling conformance` needs, under the names Kubernetes' e2e tests of
 * `kubernetes` ask for (test/utils/image/manifest.go of that release). They are built on
 * demand, not with the platform's set, and served by the same mirror.
 */
export function conformanceCatalogue(v: Versions): ImageSpec[] {
  if (v.kubernetes.split(".").slice(0, 2).join(".") !== "v1.34")
    throw new Error(`the e2e image names are pinned for v1.34, not ${v.kubernetes}`);
  const e2e = (image: string) => `registry.k8s.io/e2e-test-images/${image}`;
  const alias = (id: string, image: string, source: string): ImageSpec => ({
    id,
    name: e2e(image),
    recipe: "e2e-alias",
    role: "mirror",
    upstream: true,
    env: { SOURCE: source },
  });
  return [
    {
      id: "e2e-agnhost",
      name: e2e("agnhost:2.56"),
      recipe: "e2e-agnhost",
      role: "mirror",
      upstream: true,
    },
    {
      id: "e2e-jessie-dnsutils",
      name: e2e("jessie-dnsutils:1.7"),
      recipe: "e2e-dnsutils",
      role: "mirror",
      upstream: true,
    },
    alias("e2e-busybox", "busybox:1.37.0-1", "busybox:latest"),
    alias("e2e-nginx", "nginx:1.14-4", "nginx:latest"),
    alias("e2e-nginx-new", "nginx:1.15-4", "nginx:latest"),
  ];
}

/** The pinned reference of one catalogue image, e.g. imageName("workstation"). */
export function imageName(id: string, v: Versions = loadVersions()): string {
  const spec = imageCatalogue(v).find((s) => s.id === id);
  if (!spec) throw new Error(`no image "${id}" in the catalogue`);
  return spec.name;
}

/** The node image a cluster boots from, in the configured image source. */
export function nodeImageName(v: Versions, source: "offline" | "online"): string {
  return source === "online" ? v.kindNodeImage : `kindling/node:${v.kubernetes}`;
}
