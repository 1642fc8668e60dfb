// Which host node an environment goes to. The runner chooses one node for all of an
// environment's pods before it makes any and pins them there (environment-objects.ts);
// the scheduler still admits each pod. Choices are made one at a time, and an environment
// chosen but not yet wholly on the host API counts in full against its node, so two
// environments starting at once cannot both count on the same free memory.
import type { V1Node, V1Pod } from "@kubernetes/client-node";
import { type HostApi, hostApi } from "./host-api.ts";
import { chooseHostNode, type PlannedEnvironment, roomProblem, stayingPods } from "./host-room.ts";
import { HostCapacityError } from "./pod-waits.ts";

/** How long a choice waits for ending environments to give their memory back. */
const LEAVING_PATIENCE_MS = 120_000;

interface HostNow {
  nodes: V1Node[];
  /** Every pod that holds memory now. */
  pods: V1Pod[];
  /** The pods that will still hold it once ending environments are gone. */
  staying: V1Pod[];
}

async function hostNow(api: HostApi): Promise<HostNow> {
  const [nodes, pods, namespaces] = await Promise.all([
    api.core.listNode(),
    api.core.listPodForAllNamespaces({
      fieldSelector: "status.phase!=Succeeded,status.phase!=Failed",
    }),
    api.core.listNamespace(),
  ]);
  return {
    nodes: nodes.items,
    pods: pods.items,
    staying: stayingPods(pods.items, namespaces.items),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HostPlacement {
  private readonly planned = new Map<string, PlannedEnvironment>();
  private turn: Promise<unknown> = Promise.resolve();

  /**
   * Chooses the host node for `environment`, which needs `bytes` of memory on one node,
   * and holds that memory for it until `release`. When the room it needs is still held by
   * environments that are ending, it waits for them (up to two minutes); with no room
   * even then, it throws HostCapacityError.
   */
  reserve(environment: string, bytes: number): Promise<string> {
    const choice = this.turn.then(async () => {
      const api = await hostApi();
      const deadline = Date.now() + LEAVING_PATIENCE_MS;
      for (;;) {
        const host = await hostNow(api);
        const planned = [...this.planned.values()];
        const chosen = chooseHostNode(host.nodes, host.pods, bytes, planned);
        if ("hostNode" in chosen) {
          this.planned.set(environment, { environment, hostNode: chosen.hostNode, bytes });
          return chosen.hostNode;
        }
        const later = chooseHostNode(host.nodes, host.staying, bytes, planned);
        if ("problem" in later || Date.now() > deadline)
          throw new HostCapacityError(chosen.problem);
        await sleep(2000);
      }
    });
    this.turn = choice.catch(() => {});
    return choice;
  }

  /** The environment's pods are all on the host API now, and count for themselves. */
  release(environment: string): void {
    this.planned.delete(environment);
  }

  /**
   * Why an environment needing `bytes` on one node would be refused now, or undefined.
   * Memory that ending environments are giving back counts as free: the environment's
   * placement waits for it.
   */
  async roomProblem(bytes: number): Promise<string | undefined> {
    const { nodes, staying } = await hostNow(await hostApi());
    return roomProblem(nodes, staying, bytes, [...this.planned.values()]);
  }
}

/** The runner's one placement: every environment it makes goes through it. */
export const hostPlacement = new HostPlacement();
