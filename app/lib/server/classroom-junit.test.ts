import { describe, expect, it } from "vitest";
import { progressJUnit, xml } from "./classroom-junit";
import type { ProgressCell, ProgressTable } from "./classroom-table";

const cell = (status: ProgressCell["status"], secondsSpent = 0): ProgressCell => ({
  status,
  attempts: status === "done" ? 2 : 0,
  hintsUsed: 0,
  solutionRevealed: false,
  secondsSpent,
});

const table: ProgressTable = {
  labs: [
    {
      slug: "nodeport",
      title: "NodePort",
      steps: [
        { index: 0, id: "a", title: "Create <Service>" },
        { index: 1, id: "b", title: "Probe" },
      ],
    },
  ],
  rows: [
    {
      learner: { userId: "u1", name: "Ada & Co", email: "ada@example.test" },
      labs: [
        { slug: "nodeport", completedSteps: 1, cells: [cell("done", 90), cell("in-progress", 30)] },
      ],
    },
    {
      learner: { userId: "u2", name: "Bob\u0007", email: "bob@example.test" },
      labs: [
        { slug: "nodeport", completedSteps: 0, cells: [cell("not-started"), cell("not-started")] },
      ],
    },
  ],
};

describe("progressJUnit", () => {
  const report = progressJUnit(table, 'Networking 101 "autumn"');

  it("has one testcase per learner × lab × step and counts the failures", () => {
    expect(report.match(/<testcase /g)).toHaveLength(4);
    expect(report).toContain(
      '<testsuites name="Networking 101 &quot;autumn&quot;" tests="4" failures="3" errors="0">',
    );
    expect(report).toContain(
      '<testsuite name="Ada &amp; Co &lt;ada@example.test&gt;" tests="2" failures="1" errors="0" skipped="0" time="120">',
    );
  });

  it("passes a completed step and fails the others with the reason", () => {
    expect(report).toMatch(
      /<testcase classname="nodeport" name="1\. Create &lt;Service&gt;" time="90"><properties>.*<property name="attempts" value="2"\/>.*<\/properties><\/testcase>/,
    );
    expect(report).toContain(
      '<failure message="step started but not completed" type="in-progress"/>',
    );
    expect(report).toContain('<failure message="step not started" type="not-started"/>');
  });

  it("drops characters XML cannot carry", () => {
    expect(report).toContain('name="Bob &lt;bob@example.test&gt;"');
    expect(xml("a\u0000b\u001fc")).toBe("abc");
    expect(xml("tab\there")).toBe("tab&#9;here");
  });
});
