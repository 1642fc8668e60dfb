// Stands in for the `server-only` package under Vitest, where no client bundle exists.
export {};
