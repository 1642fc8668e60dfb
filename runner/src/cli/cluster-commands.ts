import type { Command } from "commander";
import { parseAddons } from "../cluster/addons.ts";
import { listClusters, removeCluster } from "../cluster/cluster-store.ts";
import { KindCluster } from "../cluster/kind-cluster.ts";
import { StartedKindCluster } from "../cluster/started-kind-cluster.ts";
import { table } from "./format.ts";

export function registerClusterCommands(program: Command): void {
  const cluster = program
    .command("cluster")
    .description("create, inspect and delete real Kubernetes clusters");

  cluster
    .command("create")
    .description("create a cluster and print the path of a kubeconfig that works from this host")
    .argument("<name>", "cluster name")
    .option("--workers <n>", "number of worker nodes", "0")
    .option("--addons <list>", "comma-separated: loadbalancer,ingress", "")
    .option("--image <image>", "node image (default: the pinned offline or online image)")
    .action(async (name: string, options: { workers: string; addons: string; image?: string }) => {
      const started = Date.now();
      const builder = new KindCluster(name)
        .withWorkers(Number(options.workers))
        .withAddons(parseAddons(options.addons))
        .withProgress((step) =>
          console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${step}`),
        );
      if (options.image) builder.withNodeImage(options.image);
      const created = await builder.start();
      const kubeconfig = await created.writeKubeconfig();
      console.error(`cluster ${name} is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(kubeconfig);
    });

  cluster
    .command("kubeconfig")
    .description("write the cluster's host kubeconfig and print its path")
    .argument("<name>", "cluster name")
    .action(async (name: string) => {
      console.log(await (await StartedKindCluster.attach(name)).writeKubeconfig());
    });

  cluster
    .command("delete")
    .description("delete a cluster: every container, volume and network it has")
    .argument("<name>", "cluster name")
    .action(async (name: string) => {
      const removed = await removeCluster(name);
      if (removed === 0) throw new Error(`no cluster named "${name}"`);
      console.log(`deleted cluster ${name} (${removed} Docker objects)`);
    });

  cluster
    .command("list")
    .description("list clusters with their nodes")
    .action(async () => {
      const clusters = await listClusters();
      if (clusters.length === 0) {
        console.log("no clusters");
        return;
      }
      const rows = [["CLUSTER", "NODES", "STATE", "API SERVER"]];
      for (const c of clusters) {
        const states = [...new Set(c.nodes.map((n) => n.state))].join(",");
        rows.push([
          c.name,
          String(c.nodes.length),
          states,
          c.apiServerPort ? `127.0.0.1:${c.apiServerPort}` : "-",
        ]);
      }
      console.log(table(rows));
    });
}
