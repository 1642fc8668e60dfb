// Putting a learner's kept work into a fresh environment, after the lab's setup: each object
// by server-side apply as the learner (impersonated, so RBAC and admission judge it as the
// learner's own request), then their files into their home. The field manager is Kindling's
// own: under kubectl's, the API server would rewrite the last-applied annotation from the
// whole applied object, defaults included, and a later `kubectl apply` of the learner's file
// would then try to remove every default it does not name. An object the fresh cluster refuses is reported with the
// API server's reason and the rest goes on: Resume never fails a session.
import { LEARNER_GROUP, LEARNER_NAMESPACES, LEARNER_USER } from "../environment/learner-access.ts";
import type { LabEnvironment } from "../environment/lab-environment.ts";
import { LEARNER_HOME, LEARNER_UID } from "../environment/workstation-container.ts";
import { writeFileIn } from "../cluster/node-exec.ts";
import { environmentTarget } from "../grader/environment-target.ts";
import {
  type KeptObject,
  objectLabel,
  type RestoreReport,
  type WorkSnapshot,
} from "../protocol/resume-api.ts";
import { docker } from "../util/docker.ts";
import type { KubeReader } from "../util/kube-reader.ts";

const FIELD_MANAGER = "kindling-resume";
const asLearner = { "Impersonate-User": LEARNER_USER, "Impersonate-Group": [LEARNER_GROUP] };

export async function restoreSnapshot(
  environment: LabEnvironment,
  snapshot: WorkSnapshot,
): Promise<RestoreReport> {
  const reader = await environmentTarget(environment).reader?.();
  if (!reader) throw new Error(`environment ${environment.name} has no API server to write`);
  const report: RestoreReport = { ...(await applyObjects(reader, snapshot.objects)), files: 0 };
  if (snapshot.home.archive) {
    try {
      await restoreHome(environment, snapshot.home.archive);
      report.files = snapshot.home.files.length;
    } catch (error) {
      report.filesProblem = (error as Error).message.split("\n")[0];
    }
  }
  await waitForWorkloads(environment);
  return report;
}

export async function applyObjects(
  reader: KubeReader,
  objects: readonly KeptObject[],
): Promise<Pick<RestoreReport, "applied" | "refused">> {
  const applied: string[] = [];
  const refused: RestoreReport["refused"] = [];
  for (const object of objects) {
    const label = objectLabel(object);
    const reason = await applyOne(reader, object).catch((error: Error) => error.message);
    if (reason) refused.push({ object: label, reason });
    else applied.push(label);
  }
  return { applied, refused };
}

/** Undefined when applied, else the API server's words. */
async function applyOne(reader: KubeReader, object: KeptObject): Promise<string | undefined> {
  const apiVersion = String(object.apiVersion);
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const kind = String(object.kind);
  const resolved = await reader
    .resolve(group ? `${kind}.${version}.${group}` : `${kind}.${version}`)
    .catch(() => undefined);
  if (!resolved) return `this cluster does not serve ${kind} (${apiVersion})`;
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  const where = resolved.namespaced
    ? `/namespaces/${encodeURIComponent(metadata.namespace ?? "default")}`
    : "";
  const path = `${resolved.base}${where}/${resolved.plural}/${encodeURIComponent(String(metadata.name))}`;
  const answer = await reader.send("PATCH", `${path}?fieldManager=${FIELD_MANAGER}&force=true`, {
    body: JSON.stringify(object),
    headers: { "Content-Type": "application/apply-patch+yaml", ...asLearner },
  });
  if (answer.status === 200 || answer.status === 201) return undefined;
  const message = answer.body?.message;
  return typeof message === "string" ? message : `the API server answered ${answer.status}`;
}

async function restoreHome(environment: LabEnvironment, archive: string): Promise<void> {
  const file = `${LEARNER_HOME}/.kindling-resume.b64`;
  const workstation = (await docker()).getContainer(environment.workstationId);
  await writeFileIn(workstation, file, archive, 0o600, { uid: LEARNER_UID, gid: LEARNER_UID });
  // -m: the files count as changed now, so the next snapshot keeps them again.
  const unpacked = await environment.workstationExec(
    [
      "sh",
      "-c",
      'base64 -d "$0" | tar -xzmf - -C "$1"; status=$?; rm -f "$0"; exit $status',
      file,
      LEARNER_HOME,
    ],
    { timeoutMs: 30_000 },
  );
  if (unpacked.exitCode !== 0)
    throw new Error(`your files could not be unpacked: ${unpacked.stderr.trim()}`);
}

/** So that Check of a passed step finds the workloads answering, as it did before. */
async function waitForWorkloads(environment: LabEnvironment): Promise<void> {
  for (const ns of LEARNER_NAMESPACES)
    await environment.cluster
      .kubectlResult([
        "wait",
        "--for=condition=Available",
        "deployments",
        "--all",
        "-n",
        ns,
        "--timeout=120s",
      ])
      .catch(() => undefined);
}
