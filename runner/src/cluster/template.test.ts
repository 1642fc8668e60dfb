import { describe, expect, it } from "vitest";
import { renderTemplate } from "./template.ts";

describe("renderTemplate", () => {
  it("fills every placeholder", () => {
    expect(renderTemplate("a: {{ .One }}\nb: {{.Two}}", { One: "1", Two: "2" }, "t.yaml")).toBe(
      "a: 1\nb: 2",
    );
  });

  it("names the file and the placeholder that has no value", () => {
    expect(() => renderTemplate("a: {{ .Missing }}", {}, "t.yaml")).toThrow(
      "t.yaml: no value for {{ .Missing }}",
    );
  });
});
