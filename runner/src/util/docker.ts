import type Dockerode from "dockerode";
import { getContainerRuntimeClient } from "testcontainers";
import "../env.ts";

/** The Docker engine, reached through testcontainers (which finds it the way Docker's CLI does). */
export async function docker(): Promise<Dockerode> {
  try {
    const client = await getContainerRuntimeClient();
    return client.container.dockerode;
  } catch (error) {
    throw new Error(
      `cannot reach a Docker engine (${(error as Error).message.split("\n")[0]}). Start Docker, or set DOCKER_HOST, and try again.`,
      { cause: error },
    );
  }
}

export interface ImageInfo {
  id: string;
  size: number;
  labels: Record<string, string>;
}

export async function inspectImage(name: string): Promise<ImageInfo | undefined> {
  const engine = await docker();
  try {
    const info = await engine.getImage(name).inspect();
    return { id: info.Id, size: info.Size, labels: info.Config?.Labels ?? {} };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}
