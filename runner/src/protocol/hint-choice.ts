// Which hint goes with a failing check: the check's own hint when the lab gives one,
// otherwise the step's next hint the learner has not been shown. Once every step hint is
// out there is none: they are all in the learner's hint list already. The runner's
// grading and the site's Check action both choose through this, so the Check button and
// `kindling lab grade` never disagree. Pure, so the site may import it.

export function chooseHint(
  checkHint: string | undefined,
  stepHints: readonly string[],
  hintsShown: number,
): string | undefined {
  return checkHint ?? stepHints[hintsShown];
}
