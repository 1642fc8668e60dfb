// The runner's JSON over HTTP, below every folder that serves a route (api/, player/):
// the refusal a handler throws, and the request body read against the contract's schema.
import type { z } from "zod";
import { formatFieldPath } from "../lab-format/lab-format.ts";
import { type ErrorBody, type ErrorCode, errorStatus } from "../protocol/runner-api.ts";

/** An error that becomes `{error: {code, message}}` with the code's status. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function jsonResponse(status: number, body: unknown): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      "cache-control": "no-store",
    },
  });
}

export function errorResponse(code: ErrorCode, message: string): Response {
  const body: ErrorBody = { error: { code, message } };
  const response = jsonResponse(errorStatus[code], body);
  if (code === "at_capacity") response.headers.set("retry-after", "60");
  return response;
}

const MAX_BODY = 64 * 1024;

/** Reads and validates a JSON body; a bad one is a 400 naming the field. */
export async function readBody<T extends z.ZodType>(
  stream: ReadableStream<Uint8Array> | null,
  schema: T,
  maxBytes = MAX_BODY,
): Promise<z.infer<T>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    size += read.value.length;
    if (size > maxBytes) {
      await reader!.cancel();
      throw new HttpError("bad_request", `request body is over ${maxBytes} bytes`);
    }
    chunks.push(read.value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new HttpError("bad_request", "request body is not valid JSON");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? formatFieldPath(issue.path) : "body";
    throw new HttpError("bad_request", `${field}: ${issue.message}`);
  }
  return parsed.data;
}
