import { describe, expect, it } from "vitest";
import { chooseHint } from "./hint-choice.ts";

describe("which hint a failing check shows", () => {
  const hints = ["first", "second"];
  it("prefers the check's own hint", () => {
    expect(chooseHint("own", hints, 0)).toBe("own");
    expect(chooseHint("own", hints, 2)).toBe("own");
  });
  it("otherwise gives the step's next unseen hint, and none once all are shown", () => {
    expect(chooseHint(undefined, hints, 0)).toBe("first");
    expect(chooseHint(undefined, hints, 1)).toBe("second");
    expect(chooseHint(undefined, hints, 2)).toBeUndefined();
    expect(chooseHint(undefined, [], 0)).toBeUndefined();
  });
});
