// Where to go after signing in: only a path on this site, never another origin. Browsers
// read `//evil.example` and `/\evil.example` as protocol-relative URLs, and they drop tabs
// and newlines from URLs before parsing, so `/\t/evil.example` becomes `//evil.example`.
// Encoded slashes at the start are refused too: a later decode would turn them into one.
const BASE = "http://kindling.invalid";

/** Control characters, whitespace and backslashes are never needed in a return path. */
function hasForbiddenCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || char === "\\" || /\s/u.test(char))
      return true;
  }
  return false;
}

export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || hasForbiddenCharacter(value)) return fallback;
  // The second character decides whether the browser sees a path or another host.
  if (/^\/(\/|%2f|%5c)/i.test(value)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (parsed.origin !== BASE) return fallback;
  return value;
}
