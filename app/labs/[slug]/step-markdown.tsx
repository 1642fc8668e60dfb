// Renders a step's Markdown on the lab page. react-markdown builds React elements (never raw
// HTML), so lab text cannot inject markup or scripts. The page already shows each step's
// title as a heading of its own, so a leading `# Title` line repeating it is left out, and
// the headings inside a step sit below the page's: `#` becomes h3, `##` h4, and so on.
import type { ComponentProps } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { withoutRepeatedTitle } from "@kindling/lab-format/step-blocks";
import { labImage } from "@/lib/lab-image";
import styles from "./page.module.css";

const shifted = (level: number) => {
  const Tag = `h${Math.min(level + 2, 6)}` as "h3" | "h4" | "h5" | "h6";
  const Heading = ({ node: _node, ...props }: ComponentProps<"h1"> & { node?: unknown }) => (
    <Tag {...props} />
  );
  return Heading;
};

/** A code block may scroll sideways: focusable, so a keyboard can scroll it too. */
const ScrollablePre = ({ node: _node, ...props }: ComponentProps<"pre"> & { node?: unknown }) => (
  <pre tabIndex={0} {...props} />
);

const components: Components = {
  pre: ScrollablePre,
  h1: shifted(1),
  h2: shifted(2),
  h3: shifted(3),
  h4: shifted(4),
};

export function StepMarkdown({
  slug,
  markdown,
  title,
}: {
  slug: string;
  markdown: string;
  title: string;
}) {
  const body = withoutRepeatedTitle(markdown, title);
  return (
    <div className={styles.markdown}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        components={{ ...components, img: labImage(slug) }}
      >
        {body}
      </ReactMarkdown>
    </div>
  );
}
