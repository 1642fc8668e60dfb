// GET editor-schema: the session cluster's API schema for the editor, read from the
// cluster itself (so it works with no internet and matches the learner's version exactly)
// and converted once per Kubernetes version.
import type { SessionEnvironment } from "../session/session-environment.ts";
import type { EditorSchemaResponse } from "../protocol/player-api.ts";
import { editorSchemaFromOpenApi, type OpenApiV2 } from "./openapi-schema.ts";

const byVersion = new Map<string, Promise<EditorSchemaResponse>>();

async function raw(environment: SessionEnvironment, path: string): Promise<string> {
  const result = await environment.adminKubectl(["get", "--raw", path]);
  if (result.exitCode !== 0)
    throw new Error(`reading ${path} from the cluster failed: ${result.stderr.trim()}`);
  return result.stdout;
}

export async function editorSchema(environment: SessionEnvironment): Promise<EditorSchemaResponse> {
  const { gitVersion } = JSON.parse(await raw(environment, "/version")) as { gitVersion: string };
  let schema = byVersion.get(gitVersion);
  if (!schema) {
    schema = raw(environment, "/openapi/v2").then((text) =>
      editorSchemaFromOpenApi(JSON.parse(text) as OpenApiV2),
    );
    byVersion.set(gitVersion, schema);
    // A failed read is not kept: the next request tries again.
    schema.catch(() => byVersion.delete(gitVersion));
  }
  return { ...(await schema), kubernetesVersion: gitVersion };
}
