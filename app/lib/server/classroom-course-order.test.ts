import { describe, expect, it } from "vitest";
import { inCourseOrder } from "./classroom-course-order";
import { isInviteCode, newInviteCode } from "./classroom-invite";

describe("inCourseOrder", () => {
  // As the catalogue lists them: in the order of labs/course.yaml.
  const catalogue = ["port-forward", "clusterip-service", "nodeport", "ingress", "a-new-lab"];

  it("puts a class's labs in course order whatever order they were chosen in", () => {
    expect(inCourseOrder(["ingress", "port-forward", "nodeport"], catalogue)).toEqual([
      "port-forward",
      "nodeport",
      "ingress",
    ]);
  });

  it("drops duplicates and puts labs the catalogue lacks last, by name", () => {
    expect(inCourseOrder(["z-gone", "nodeport", "a-gone", "nodeport"], catalogue)).toEqual([
      "nodeport",
      "a-gone",
      "z-gone",
    ]);
  });
});

describe("invite codes", () => {
  it("are 12 unambiguous characters, and differ each time", () => {
    const codes = new Set(Array.from({ length: 200 }, newInviteCode));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{12}$/);
      expect(code).not.toMatch(/[01ilo]/);
      expect(isInviteCode(code)).toBe(true);
    }
  });

  it("rejects anything else before it reaches the database", () => {
    expect(isInviteCode("ABCDEFGHJKMN")).toBe(false);
    expect(isInviteCode("abc")).toBe(false);
    expect(isInviteCode("abcdefghjkmn/")).toBe(false);
    expect(isInviteCode("abcdefghjkm0")).toBe(false);
  });
});
