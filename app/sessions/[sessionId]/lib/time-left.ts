// The session timer's text and warning level. Pure.

/** Minutes before expiry at which the player warns, if the runner has not already. */
export const WARNING_MINUTES = 5;

export function timeLeft(
  expiresAt: string | undefined,
  now: number,
): { text: string; warn: boolean } | null {
  if (!expiresAt) return null;
  const ms = Date.parse(expiresAt) - now;
  if (Number.isNaN(ms)) return null;
  if (ms <= 0) return { text: "time is up", warn: true };
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    text: h > 0 ? `${h}:${pad(m)}:${pad(s)} left` : `${m}:${pad(s)} left`,
    warn: ms <= WARNING_MINUTES * 60_000,
  };
}
