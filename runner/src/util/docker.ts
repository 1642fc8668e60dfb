import type Dockerode from "dockerode";
import { getContainerRuntimeClient } from "testcontainers";
import { existsSync } from "node:fs";
import { env } from "../env.ts";

/** The Docker engine, reached through testcontainers (which finds it the way Docker's CLI does). */
export async function docker(): Promise<Dockerode> {
  // testcontainers tries other engines when DOCKER_HOST does not answer; an operator who
  // names an engine means that one, so a missing socket is an error, not a fallback.
  const socket = /^unix:\/\/(.+)$/.exec(env.DOCKER_HOST ?? "")?.[1];
  if (socket && !existsSync(socket))
    throw new Error(
      `cannot reach a Docker engine (DOCKER_HOST names ${socket}, which does not exist). Start Docker, or correct DOCKER_HOST, and try again.`,
    );
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

/** Whether the Docker engine answers; false instead of an error when it does not. */
export async function dockerReachable(): Promise<boolean> {
  return docker()
    .then((d) => d.ping())
    .then(
      () => true,
      () => false,
    );
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
