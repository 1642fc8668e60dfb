import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import { describe, expect, it } from "vitest";
import { GET } from "@/labs/[slug]/images/[name]/route";
import { labImage } from "./lab-image.tsx";

const render = (markdown: string) =>
  renderToStaticMarkup(
    createElement(ReactMarkdown, { components: { img: labImage("nodeport") } }, markdown),
  );

describe("a step's pictures", () => {
  it("load from the lab's folder, with their text alternative", () => {
    expect(render("![Port 30123 on every node](nodeport-path.svg)")).toContain(
      '<p><img src="/labs/nodeport/images/nodeport-path.svg" alt="Port 30123 on every node" style="max-width:100%;height:auto"/></p>',
    );
  });

  it("are never fetched from elsewhere: a remote or nested address shows its text only", () => {
    expect(render("![a tracker](https://example.com/x.svg) ![up](../x.svg)")).toBe(
      "<p><span>a tracker</span> <span>up</span></p>",
    );
  });

  it("are served from the lab folder as images that cannot run scripts, and nothing else is", async () => {
    const get = (slug: string, name: string) =>
      GET(new Request("http://localhost/"), { params: Promise.resolve({ slug, name }) });
    const svg = await get("nodeport", "nodeport-path.svg");
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(svg.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await svg.text()).toContain("<title");
    for (const [slug, name] of [
      ["nodeport", "lab.yaml"],
      ["nodeport", "..%2Flab.yaml"],
      ["nodeport", "missing.svg"],
      ["no-such-lab", "nodeport-path.svg"],
    ])
      expect((await get(slug!, name!)).status).toBe(404);
  });
});
