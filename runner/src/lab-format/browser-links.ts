// Step Markdown may link to the player's Browser tab: `[open it](browser:http://kubia.example.com/)`
// opens the tab at that address, where the runner then decides whether it is reachable
// (runner/src/browser/). Here only the link's form is checked, so `lab validate` catches a
// typo before a learner clicks it. Pure: the web app uses it to recognise the links.
import type { StepBlockProblem } from "./step-blocks.ts";

export const BROWSER_LINK_SCHEME = "browser:";

/** The address a `browser:` link opens, or undefined when it is not such a link. */
export function browserLinkTarget(href: string): string | undefined {
  return href.startsWith(BROWSER_LINK_SCHEME) ? href.slice(BROWSER_LINK_SCHEME.length) : undefined;
}

/** Why a `browser:` link's address cannot open, or undefined when it can. */
export function browserLinkProblem(target: string): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return `"${target}" is not an absolute address (write browser:http://HOST/PATH)`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `"${target}" must start with http:// or https://`;
  if (url.username || url.password) return `"${target}" must not carry a user name or password`;
  return undefined;
}

// Inline links `](browser:…)` and reference definitions `[name]: browser:…`.
const LINK = /\]\(\s*<?(browser:[^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(browser:\S*?)>?\s*$/g;

export function browserLinkProblems(markdown: string): StepBlockProblem[] {
  const problems: StepBlockProblem[] = [];
  let fenced = false;
  for (const [index, line] of markdown.split("\n").entries()) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const match of line.matchAll(LINK)) {
      const href = match[1] ?? match[2] ?? "";
      const problem = browserLinkProblem(href.slice(BROWSER_LINK_SCHEME.length));
      if (problem) problems.push({ line: index + 1, message: `Browser link: ${problem}` });
    }
  }
  return problems;
}
