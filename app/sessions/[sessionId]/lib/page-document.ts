// A fetched HTML page made inert for the Browser tab's frame. The frame is sandboxed (no
// scripts, no forms, an opaque origin), and on top of that the page loses what would make
// the learner's own browser reach out: scripts, frames, <base>, refresh, links and
// sources, and a Content-Security-Policy forbids every load. The page's links are returned
// so the tab can open them through the runner instead.
const DROP = "script, iframe, frame, frameset, object, embed, base, link, meta[http-equiv], portal";
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export interface InertPage {
  html: string;
  links: string[];
}

export function inertPage(body: string, pageUrl: string): InertPage {
  const doc = new DOMParser().parseFromString(body, "text/html");
  for (const element of doc.querySelectorAll(DROP)) element.remove();
  const links = new Set<string>();
  for (const element of doc.querySelectorAll("*")) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) element.removeAttribute(attribute.name);
      if (["src", "srcset", "action", "formaction", "ping", "poster", "background"].includes(name))
        element.removeAttribute(attribute.name);
      if (name === "href" || name === "xlink:href") {
        try {
          const target = new URL(attribute.value, pageUrl);
          if (target.protocol === "http:" || target.protocol === "https:") links.add(target.href);
          element.setAttribute("title", `Opens through the address bar: ${target.href}`);
        } catch {
          // Not a URL: nothing to offer.
        }
        element.removeAttribute(attribute.name);
      }
    }
  }
  const policy = doc.createElement("meta");
  policy.setAttribute("http-equiv", "Content-Security-Policy");
  policy.setAttribute("content", CSP);
  doc.head.prepend(policy);
  return {
    html: `<!doctype html>${doc.documentElement.outerHTML}`,
    links: [...links].slice(0, 30),
  };
}

/** One line for the list of recent answers: an HTML page's title, or its first words. */
export function pageSummary(body: string, contentType: string): string {
  let text = body;
  if (/html/i.test(contentType)) {
    const doc = new DOMParser().parseFromString(body, "text/html");
    text = doc.title.trim() || (doc.body?.textContent ?? "");
  }
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.replace(/\s+/g, " ").trim().slice(0, 120);
}
