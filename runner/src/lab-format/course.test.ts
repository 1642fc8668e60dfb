import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inCourseOrder, loadCourse } from "./course.ts";
import { formatLabLoadError } from "./lab-format.ts";

let labsDir: string;
beforeEach(async () => {
  labsDir = path.join(await mkdtemp(path.join(tmpdir(), "kindling-course-")), "labs");
  await mkdir(labsDir);
});
afterEach(() => rm(path.dirname(labsDir), { recursive: true, force: true }));

describe("the course file", () => {
  it("puts the course's labs first, in its order, and the others after by name", async () => {
    await writeFile(path.join(labsDir, "course.yaml"), "title: T\nlabs: [nodeport, ingress]\n");
    const { course, errors } = await loadCourse(labsDir, ["zeta", "ingress", "alpha", "nodeport"]);
    expect(errors).toEqual([]);
    expect(inCourseOrder(["zeta", "ingress", "alpha", "nodeport"], course)).toEqual([
      "nodeport",
      "ingress",
      "alpha",
      "zeta",
    ]);
  });

  it("names a listed lab without a folder, a lab listed twice and a bad field", async () => {
    await writeFile(
      path.join(labsDir, "course.yaml"),
      "title: T\nlabs: [nodeport, ingres, nodeport]\n",
    );
    const { errors } = await loadCourse(labsDir, ["nodeport", "ingress"]);
    expect(errors.map(formatLabLoadError)).toEqual([
      "labs/course.yaml: labs[1]: no lab folder ingres",
      "labs/course.yaml: labs[2]: nodeport is listed twice",
    ]);
    await writeFile(path.join(labsDir, "course.yaml"), "title: T\nlabs: []\norder: 1\n");
    const broken = await loadCourse(labsDir, []);
    expect(broken.course).toBeUndefined();
    expect(broken.errors.map(formatLabLoadError).join("\n")).toMatch(/labs\/course\.yaml/);
  });

  it("is optional: without it the catalogue is in name order", async () => {
    expect(await loadCourse(labsDir, ["b", "a"])).toEqual({ errors: [] });
    expect(inCourseOrder(["b", "a"])).toEqual(["a", "b"]);
  });
});
