import { describe, expect, it } from "vitest";
import { buildProgressTable, formatDuration, type ProgressInput } from "./classroom-table";

const t = (minutes: number) => new Date(Date.UTC(2026, 10, 24, 9, minutes));
const now = t(60);

const input: ProgressInput = {
  labs: [
    {
      slug: "nodeport",
      title: "NodePort",
      steps: [
        { id: "a", title: "Create" },
        { id: "b", title: "Probe" },
      ],
    },
    { slug: "ingress", title: "Ingress", steps: [{ id: "c", title: "Route" }] },
  ],
  members: [
    { userId: "u2", name: "Zoe", email: "zoe@example.test" },
    { userId: "u1", name: "Ada", email: "ada@example.test" },
  ],
  sessions: [
    // Ada ran nodeport twice: the first run ended on step 2, the second finished it.
    { id: "s1", userId: "u1", labSlug: "nodeport", endedAt: t(20), expiresAt: t(40) },
    { id: "s2", userId: "u1", labSlug: "nodeport", endedAt: null, expiresAt: t(90) },
    // Zoe's session expired without ending: time stops at its expiry, not now.
    { id: "s3", userId: "u2", labSlug: "nodeport", endedAt: null, expiresAt: t(30) },
    // A session of a lab the class does not have, and of someone not in the class.
    { id: "s4", userId: "u9", labSlug: "nodeport", endedAt: null, expiresAt: t(90) },
  ],
  steps: [
    {
      sessionId: "s1",
      stepIndex: 0,
      startedAt: t(0),
      completedAt: t(5),
      hintsUsed: 2,
      solutionRevealed: false,
    },
    {
      sessionId: "s1",
      stepIndex: 1,
      startedAt: t(5),
      completedAt: null,
      hintsUsed: 1,
      solutionRevealed: true,
    },
    {
      sessionId: "s2",
      stepIndex: 0,
      startedAt: t(30),
      completedAt: t(31),
      hintsUsed: 0,
      solutionRevealed: false,
    },
    {
      sessionId: "s2",
      stepIndex: 1,
      startedAt: t(31),
      completedAt: t(40),
      hintsUsed: 0,
      solutionRevealed: false,
    },
    {
      sessionId: "s3",
      stepIndex: 0,
      startedAt: t(10),
      completedAt: null,
      hintsUsed: 0,
      solutionRevealed: false,
    },
    {
      sessionId: "s4",
      stepIndex: 0,
      startedAt: t(10),
      completedAt: t(11),
      hintsUsed: 0,
      solutionRevealed: false,
    },
  ],
  attempts: [
    { sessionId: "s1", stepIndex: 0, count: 3 },
    { sessionId: "s1", stepIndex: 1, count: 4 },
    { sessionId: "s2", stepIndex: 1, count: 1 },
    { sessionId: "s3", stepIndex: 0, count: 2 },
  ],
};

describe("buildProgressTable", () => {
  const table = buildProgressTable(input, now);

  it("lists learners by name with one cell per lab step, in the class's lab order", () => {
    expect(table.rows.map((r) => r.learner.name)).toEqual(["Ada", "Zoe"]);
    expect(table.labs.map((l) => l.slug)).toEqual(["nodeport", "ingress"]);
    expect(table.rows[0]?.labs.map((l) => l.cells.length)).toEqual([2, 1]);
  });

  it("folds every run of a lab into one cell per step", () => {
    const [create, probe] = table.rows[0]!.labs[0]!.cells;
    expect(create).toEqual({
      status: "done",
      attempts: 3,
      hintsUsed: 2,
      solutionRevealed: false,
      secondsSpent: 6 * 60,
    });
    // 15 minutes in the first run (until it ended) + 9 in the second.
    expect(probe).toEqual({
      status: "done",
      attempts: 5,
      hintsUsed: 1,
      solutionRevealed: true,
      secondsSpent: 24 * 60,
    });
    expect(table.rows[0]!.labs[0]!.completedSteps).toBe(2);
  });

  it("counts an unfinished step until its session expired, and leaves untouched steps empty", () => {
    const zoe = table.rows[1]!;
    expect(zoe.labs[0]!.cells[0]).toMatchObject({
      status: "in-progress",
      attempts: 2,
      secondsSpent: 20 * 60,
    });
    expect(zoe.labs[0]!.cells[1]).toMatchObject({
      status: "not-started",
      attempts: 0,
      secondsSpent: 0,
    });
    expect(zoe.labs[1]!.cells[0]!.status).toBe("not-started");
    expect(zoe.labs[0]!.completedSteps).toBe(0);
  });

  it("ignores step rows beyond the lab's steps (a lab shortened since)", () => {
    const shortened = buildProgressTable(
      {
        ...input,
        labs: [{ slug: "nodeport", title: "NodePort", steps: [{ id: "a", title: "Create" }] }],
      },
      now,
    );
    expect(shortened.rows[0]!.labs[0]!.cells).toHaveLength(1);
  });

  it("never shows negative time when a clock moved backwards", () => {
    const odd = buildProgressTable(
      {
        ...input,
        steps: [
          {
            sessionId: "s2",
            stepIndex: 0,
            startedAt: t(50),
            completedAt: t(45),
            hintsUsed: 0,
            solutionRevealed: false,
          },
        ],
      },
      now,
    );
    expect(odd.rows[0]!.labs[0]!.cells[0]!.secondsSpent).toBe(0);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [59, "59 s"],
    [60, "1 min"],
    [3599, "59 min"],
    [3600 + 5 * 60, "1 h 05 min"],
  ])("%i seconds reads %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("resumes on the roster", () => {
  it("counts a learner's resumes of a lab over all their runs of it, and only theirs", () => {
    const resumed: ProgressInput = {
      ...input,
      sessions: input.sessions.map((s) =>
        s.id === "s1" ? { ...s, resumeCount: 2 } : s.id === "s2" ? { ...s, resumeCount: 1 } : s,
      ),
    };
    const table = buildProgressTable(resumed, now);
    const [ada, zoe] = table.rows;
    expect(ada!.learner.name).toBe("Ada");
    expect(ada!.labs.map((l) => [l.slug, l.resumes])).toEqual([
      ["nodeport", 3],
      ["ingress", 0],
    ]);
    expect(zoe!.labs[0]!.resumes).toBe(0);
  });
});
