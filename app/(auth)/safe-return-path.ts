// Where to go after signing in: only a path on this site, never another origin
// (`//evil.example` and `/\evil.example` are protocol-relative URLs to browsers).
export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
