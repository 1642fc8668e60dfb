import type Dockerode from "dockerode";
import { PassThrough } from "node:stream";
import { extract, pack } from "tar-stream";

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in a container and collects its output (no TTY, so streams stay apart). */
export async function execIn(
  container: Dockerode.Container,
  command: string[],
  user?: string,
): Promise<ExecResult> {
  const exec = await container.exec({
    Cmd: command,
    AttachStdout: true,
    AttachStderr: true,
    User: user,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  container.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
  const info = await exec.inspect();
  return {
    exitCode: info.ExitCode ?? 1,
    stdout: Buffer.concat(out).toString(),
    stderr: Buffer.concat(err).toString(),
  };
}

/** Like execIn, but a failure is an error naming the command and quoting its output. */
export async function execOrThrow(
  container: Dockerode.Container,
  command: string[],
  what: string,
): Promise<string> {
  const result = await execIn(container, command);
  if (result.exitCode !== 0) {
    const detail = (result.stderr || result.stdout).trim().split("\n").slice(-20).join("\n");
    throw new Error(`${what} failed (exit ${result.exitCode}):\n${detail}`);
  }
  return result.stdout;
}

/** Writes a file into a container through the engine's archive API (no size limit of argv). */
export interface FileOwner {
  uid: number;
  gid: number;
}

export async function writeFileIn(
  container: Dockerode.Container,
  file: string,
  content: string,
  mode = 0o644,
  owner: FileOwner = { uid: 0, gid: 0 },
): Promise<void> {
  const tar = pack();
  const slash = file.lastIndexOf("/");
  const parentDir = file.slice(0, slash) || "/";
  if (owner.uid !== 0) {
    // Someone else's file goes into a folder that exists already, so no parent entry in
    // the archive can take that folder's ownership away from its owner.
    tar.entry({ name: file.slice(slash + 1), mode, uid: owner.uid, gid: owner.gid }, content);
    tar.finalize();
    await container.putArchive(tar as unknown as NodeJS.ReadableStream, { path: parentDir });
    return;
  }
  // The engine does not create missing parents for an archive, so the archive carries them.
  let parent = "";
  for (const part of parentDir.split("/").filter(Boolean)) {
    parent = parent ? `${parent}/${part}` : part;
    tar.entry({ name: parent, type: "directory", mode: 0o755 });
  }
  tar.entry({ name: file.slice(1), mode }, content);
  tar.finalize();
  await container.putArchive(tar as unknown as NodeJS.ReadableStream, {
    path: "/",
  });
}

/** A file's text through the engine's archive API (no process in the container); undefined if absent. */
export async function readFileIn(
  container: Dockerode.Container,
  file: string,
): Promise<string | undefined> {
  let archive: NodeJS.ReadableStream;
  try {
    archive = await container.getArchive({ path: file });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
  const tar = extract();
  const chunks: Buffer[] = [];
  let first = true;
  tar.on("entry", (_header, stream, next) => {
    stream.on("data", (chunk: unknown) => {
      if (first) chunks.push(Buffer.from(chunk as Buffer));
    });
    stream.on("end", () => {
      first = false;
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    tar.on("finish", resolve);
    tar.on("error", reject);
    archive.on("error", reject);
    archive.pipe(tar);
  });
  return Buffer.concat(chunks).toString("utf8");
}
