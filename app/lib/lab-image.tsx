// Renders a step's `![text](diagram.svg)`: a lab's picture is a file of its folder, served by
// /labs/<slug>/images/<name>. Anything else (a remote address) is not shown: labs carry their
// pictures with them.
import type { ComponentProps } from "react";
import { IMAGE_FILE } from "@kindling/lab-format/step-blocks";

export function labImage(slug: string) {
  const LabImage = ({ node: _node, src, alt }: ComponentProps<"img"> & { node?: unknown }) =>
    typeof src === "string" && IMAGE_FILE.test(src) ? (
      // eslint-disable-next-line @next/next/no-img-element -- a lab's own SVG, drawn as is
      <img
        src={`/labs/${encodeURIComponent(slug)}/images/${src}`}
        alt={alt ?? ""}
        style={{ maxWidth: "100%", height: "auto" }}
      />
    ) : (
      <span>{alt}</span>
    );
  return LabImage;
}
