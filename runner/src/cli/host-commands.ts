import type { Command } from "commander";
import { createHostCluster } from "../kube-backend/host-cluster.ts";
import { KubeEnvironment } from "../kube-backend/kube-environment.ts";

export function registerHostCommands(program: Command): void {
  const host = program
    .command("host")
    .description("a host cluster for the Kubernetes backend (KINDLING_BACKEND=kubernetes)");

  host
    .command("create")
    .description(
      "create a Kindling cluster that holds environments in its pods; prints its kubeconfig's path (delete it with `kindling cluster delete`)",
    )
    .argument("<name>", "cluster name")
    .option("--workers <n>", "number of host workers", "2")
    .option("--pod-memory <MiB>", "memory each host worker gives its pods, in MiB", "4608")
    .option(
      "--image <name...>",
      "more images from this host's engine for every worker (e.g. kindling/compose-app:local, for deploy/kubernetes)",
    )
    .action(
      async (name: string, options: { workers: string; podMemory: string; image?: string[] }) => {
        const started = Date.now();
        const cluster = await createHostCluster(name, {
          workers: Number(options.workers),
          podMemoryBytes: Number(options.podMemory) * 2 ** 20,
          images: options.image ?? [],
          progress: (step) =>
            console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${step}`),
        });
        const kubeconfig = await cluster.writeKubeconfig();
        console.error(
          `host cluster ${name} is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        console.log(kubeconfig);
      },
    );

  host
    .command("env-create")
    .description("make an environment on the host cluster (KINDLING_HOST_KUBECONFIG)")
    .argument("<name>", "environment name")
    .option("--workers <n>", "number of workers", "1")
    .action(async (name: string, options: { workers: string }) => {
      const started = Date.now();
      await KubeEnvironment.create({ name, workers: Number(options.workers), addons: [] }, (step) =>
        console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${step}`),
      );
      console.error(
        `environment ${name} is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    });

  host
    .command("env-delete")
    .description("delete an environment from the host cluster: its namespace and all in it")
    .argument("<name>", "environment name")
    .action(async (name: string) => {
      await (await KubeEnvironment.attach(name)).destroy();
      console.log(`deleted environment ${name}`);
    });

  host
    .command("env-list")
    .description("environments on the host cluster")
    .action(async () => {
      for (const name of await KubeEnvironment.names()) console.log(name);
    });
}
