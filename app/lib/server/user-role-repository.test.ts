import { describe, expect, it } from "vitest";
import { roleChangeProblem } from "./user-role-repository";

describe("roleChangeProblem", () => {
  it("refuses to demote the last admin", () => {
    expect(roleChangeProblem("ADMIN", "INSTRUCTOR", 1)).toBe("last-admin");
    expect(roleChangeProblem("ADMIN", "LEARNER", 1)).toBe("last-admin");
  });

  it("allows demoting an admin when another remains, and any other change", () => {
    expect(roleChangeProblem("ADMIN", "LEARNER", 2)).toBeNull();
    expect(roleChangeProblem("LEARNER", "ADMIN", 1)).toBeNull();
    expect(roleChangeProblem("INSTRUCTOR", "LEARNER", 1)).toBeNull();
    expect(roleChangeProblem("ADMIN", "ADMIN", 1)).toBeNull();
  });
});
