// kind itself beside Kindling: `kind create cluster` from Kindling's node image and
// `kindling cluster create` (no add-ons), for the same topologies, on this host.
import { KindCluster } from "../runner/src/cluster/kind-cluster.ts";
import {
  createKindCluster,
  kindBinary,
  KindHostTidy,
  kindKubectl,
} from "../runner/src/conformance/upstream-kind.ts";
import { nodeImageName } from "../runner/src/images/catalogue.ts";
import { loadVersions } from "../runner/src/images/versions.ts";
import { dockerReachable } from "../runner/src/util/docker.ts";

export async function benchKind(): Promise<void> {
  if (!(await dockerReachable())) {
    console.log(`${"kind create cluster".padEnd(34)} skipped: Docker is not reachable`);
    return;
  }
  const binary = await kindBinary();
  const tidy = new KindHostTidy(binary, "kindling-bench-kind");
  const image = nodeImageName(loadVersions(), "offline");
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  try {
    for (const workers of [0, 2]) {
      const name = `bench-kind-w${workers}`;
      // Both until every node is Ready: kind's --wait covers the control plane only.
      const kindStarted = performance.now();
      await createKindCluster(binary, {
        name,
        workers,
        image,
        network: "kindling-bench-kind",
      });
      await kindKubectl(name, ["wait", "--for=condition=Ready", "node", "--all", "--timeout=180s"]);
      const kind = performance.now() - kindStarted;
      await tidy.deleteCluster(name);

      const started = performance.now();
      const cluster = await new KindCluster(`bench-kl-w${workers}`).withWorkers(workers).start();
      const kindling = performance.now() - started;
      await cluster.delete();
      console.log(
        `${`cluster create, 1+${workers} nodes`.padEnd(34)} kind ${secs(kind)}  kindling ${secs(kindling)}`,
      );
    }
  } finally {
    await tidy.finish();
  }
}
