import { describe, expect, it } from "vitest";
import { addonsForLab } from "./addons.ts";

describe("a lab's add-ons as cluster add-ons", () => {
  it("serves the Gateway API with the ingress add-on, once", () => {
    expect(addonsForLab(["gateway"])).toEqual(["ingress"]);
    expect(addonsForLab(["ingress", "gateway"])).toEqual(["ingress"]);
    expect(addonsForLab(["gateway", "loadbalancer", "ingress"])).toEqual([
      "ingress",
      "loadbalancer",
    ]);
    expect(addonsForLab([])).toEqual([]);
  });
});
