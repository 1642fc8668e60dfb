import { describe, expect, it } from "vitest";
import { csvField, progressCsv } from "./classroom-csv";
import type { ProgressTable } from "./classroom-table";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["", ""],
  ])("%j becomes %j", (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});

describe("progressCsv", () => {
  const table: ProgressTable = {
    labs: [
      {
        slug: "nodeport",
        title: "NodePort",
        steps: [
          { index: 0, id: "a", title: "Create, then probe" },
          { index: 1, id: "b", title: "Clean up" },
        ],
      },
    ],
    rows: [
      {
        learner: { userId: "u1", name: 'Ada "the" Learner', email: "ada@example.test" },
        labs: [
          {
            slug: "nodeport",
            completedSteps: 1,
            cells: [
              {
                status: "done",
                attempts: 3,
                hintsUsed: 1,
                solutionRevealed: true,
                secondsSpent: 95,
              },
              {
                status: "not-started",
                attempts: 0,
                hintsUsed: 0,
                solutionRevealed: false,
                secondsSpent: 0,
              },
            ],
          },
        ],
      },
    ],
  };

  it("writes a header and one CRLF-terminated line per learner × lab × step", () => {
    expect(progressCsv(table)).toBe(
      "learner,email,lab,step,step_title,status,completed,attempts,hints_used,solution_revealed,seconds_spent\r\n" +
        '"Ada ""the"" Learner",ada@example.test,nodeport,1,"Create, then probe",done,yes,3,1,yes,95\r\n' +
        '"Ada ""the"" Learner",ada@example.test,nodeport,2,Clean up,not-started,no,0,0,no,0\r\n',
    );
  });

  it("writes only the header for a class without learners", () => {
    expect(progressCsv({ ...table, rows: [] }).split("\r\n")).toHaveLength(2);
  });
});
