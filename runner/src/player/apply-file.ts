// Apply from the editor: the file lands in the learner's home (so `kubectl apply -f NAME`
// in the terminal sees the same text) and is applied with the learner's own credentials,
// exactly as if they had typed it. Problems come back located at lines of the file.
import type { ApplyFileResponse } from "../protocol/player-api.ts";
import type { SessionEnvironment } from "../session/session-environment.ts";
import { applyDirect, kubeconfigNamespace } from "./apply-direct.ts";
import { locateApplyErrors } from "./apply-problems.ts";
import { parseManifest } from "./manifest-documents.ts";

const HOME = "/home/learner";

export interface ApplyFile {
  /** A plain file name (validated by editorFileNameSchema: no slashes, no dot first). */
  name: string;
  content: string;
  dryRun: boolean;
}

export async function applyFile(
  environment: SessionEnvironment,
  file: ApplyFile,
): Promise<ApplyFileResponse> {
  const parsed = parseManifest(file.content);
  // Syntax errors and unidentifiable documents are answered here, with exact lines.
  if (parsed.problems.length > 0) return { applied: false, objects: [], problems: parsed.problems };
  if (parsed.documents.length === 0)
    return {
      applied: false,
      objects: [],
      problems: [{ message: "the file has no Kubernetes objects to apply" }],
    };

  // A dry run changes nothing, not even the learner's copy of the file. Its copy for kubectl
  // goes to the home volume too: the engine's archive API cannot see into the /tmp tmpfs.
  const target = file.dryRun ? `${HOME}/.kindling-dry-run-${file.name}` : `${HOME}/${file.name}`;
  const write = () => environment.writeWorkstationFile(target, file.content);
  // The learner's copy is written while the objects go to the server directly.
  const written = file.dryRun ? Promise.resolve() : write();
  const direct = await directApply(environment, file).catch(() => undefined);
  await written;
  if (direct) return { applied: true, objects: direct, problems: [] };
  if (file.dryRun) await write();
  const args = ["kubectl", "apply", "--server-side=false", "-f", target];
  if (file.dryRun) args.push("--dry-run=server");
  const result = await environment.workstationExec(args, { user: "learner", timeoutMs: 60_000 });
  if (file.dryRun) await environment.workstationExec(["rm", "-f", target]);

  const objects = result.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (result.exitCode === 0) return { applied: true, objects, problems: [] };
  const problems = locateApplyErrors(result.stderr, parsed.documents);
  return {
    applied: false,
    objects,
    problems:
      problems.length > 0
        ? problems
        : [
            {
              message:
                (result.stderr || result.stdout).trim() || `kubectl exited ${result.exitCode}`,
            },
          ],
  };
}

/** The direct path (apply-direct.ts), in the namespace the learner's kubeconfig names. */
async function directApply(
  environment: SessionEnvironment,
  file: ApplyFile,
): Promise<string[] | undefined> {
  const reader = environment.target().reader;
  if (!reader) return undefined;
  const [kubeconfig, connection] = await Promise.all([
    environment.readWorkstationFile(`${HOME}/.kube/config`),
    reader(),
  ]);
  const namespace = kubeconfigNamespace(kubeconfig);
  if (!namespace) return undefined;
  return applyDirect(connection, file.content, namespace, file.dryRun);
}
