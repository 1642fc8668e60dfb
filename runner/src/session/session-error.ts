import type { ErrorCode } from "../protocol/runner-api.ts";

/** A failure a caller can act on; the API turns its code into an HTTP status. */
export class SessionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SessionError";
  }
}
