import type { EnvironmentDriver } from "./environment-driver.ts";

/**
 * Environments as names in a set, for tests and figures about everything around them
 * (routes, tokens, sessions) where a real cluster's minutes would only get in the way.
 * Their workstations do not exist: a terminal to one fails.
 */
export function namesOnlyDriver(): EnvironmentDriver {
  const names = new Set<string>();
  return {
    async create(name) {
      names.add(name);
    },
    async applySetup() {},
    async workstationId(name) {
      return names.has(name) ? `no-such-workstation-${name}` : undefined;
    },
    async clusterNames() {
      return [...names];
    },
    async destroy(name) {
      names.delete(name);
    },
    async attach(name) {
      throw new Error(`environment ${name} is a name only: it has no cluster`);
    },
    async openTty(workstation) {
      throw new Error(`${workstation} is a name only: there is no workstation to open`);
    },
  };
}
