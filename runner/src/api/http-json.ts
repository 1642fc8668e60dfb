import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { formatFieldPath } from "../lab-format/lab-format.ts";
import type { ErrorBody, ErrorCode } from "../protocol/runner-api.ts";

export const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  unknown_lab: 404,
  unknown_session: 404,
  conflict: 409,
  at_capacity: 503,
  unavailable: 503,
  internal: 500,
};

/** An error that becomes `{error: {code, message}}` with the matching status. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

export function sendError(res: ServerResponse, code: ErrorCode, message: string): void {
  const body: ErrorBody = { error: { code, message } };
  if (code === "at_capacity") res.setHeader("retry-after", "60");
  sendJson(res, statusOf[code], body);
}

const MAX_BODY = 64 * 1024;

/** Reads and validates a JSON body; a bad one is a 400 naming the field. */
export async function readBody<T extends z.ZodType>(
  req: IncomingMessage,
  schema: T,
  maxBytes = MAX_BODY,
): Promise<z.infer<T>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes)
      throw new HttpError("bad_request", `request body is over ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
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
