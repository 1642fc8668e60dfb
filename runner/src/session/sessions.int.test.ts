// The runner's session suite (test/support/session-suite.ts) on the Docker backend: two
// learners side by side on one runner, the most this two-core machine should hold. The
// same suite runs on a host Kubernetes cluster in kube-environment.host.test.ts.
import { describeSessions } from "../../../test/support/session-suite.ts";
import { CLUSTER_LABEL } from "../cluster/labels.ts";
import { docker } from "../util/docker.ts";

describeSessions({
  name: "Docker",
  async objectsOf(environment) {
    // Ending a session removes its cluster before it answers: nothing to wait for.
    const engine = await docker();
    const filters = { label: [`${CLUSTER_LABEL}=${environment}`] };
    return [
      ...(await engine.listContainers({ all: true, filters })).map((c) => c.Names[0]!),
      ...((await engine.listVolumes({ filters })).Volumes ?? []).map((v) => v.Name),
      ...(await engine.listNetworks({ filters })).map((n) => n.Name),
    ];
  },
});
