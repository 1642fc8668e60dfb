"use client";
// A step's Markdown with its blocks made interactive: command blocks get Run (types into
// the active terminal) and Copy; `file=` blocks open in the editor. Prose goes through
// react-markdown, which builds elements and never injects raw HTML. Code blocks may scroll
// sideways, so they take keyboard focus (tabIndex 0) to be scrolled without a mouse. A
// `browser:` link (lab-format/browser-links.ts) opens the Browser tab at its address.
import { browserLinkTarget } from "@kindling/lab-format/browser-links";
import { parseStepBlocks, withoutRepeatedTitle } from "@kindling/lab-format/step-blocks";
import { type ComponentProps, useMemo, useState } from "react";
import ReactMarkdown, { type Components, defaultUrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";
import { labImage } from "@/lib/lab-image";
import styles from "./player.module.css";

interface Props {
  /** The lab's folder name: its pictures are served from there. */
  slug: string;
  /** The step's title; the player shows it above, so a first heading repeating it is dropped. */
  title: string;
  markdown: string;
  canRun: boolean;
  onRun: (command: string) => void;
  onOpenFile: (name: string) => void;
  onBrowse: (url: string) => void;
}

/** react-markdown drops unknown schemes; `browser:` is kept, everything else as it decides. */
const keepBrowserLinks = (url: string) =>
  browserLinkTarget(url) !== undefined ? url : defaultUrlTransform(url);

function linkComponents(slug: string, onBrowse: (url: string) => void): Components {
  const Link = ({ node: _node, href, ...props }: ComponentProps<"a"> & { node?: unknown }) => {
    const target = href ? browserLinkTarget(href) : undefined;
    if (target === undefined) return <a href={href} {...props} />;
    return (
      <a
        {...props}
        href={href}
        title={`Open ${target} in the Browser tab`}
        onClick={(event) => {
          event.preventDefault();
          onBrowse(target);
        }}
      />
    );
  };
  return { a: Link, img: labImage(slug) };
}

export function StepContent({ slug, title, markdown, canRun, onRun, onOpenFile, onBrowse }: Props) {
  const components = useMemo(() => linkComponents(slug, onBrowse), [slug, onBrowse]);
  const blocks = useMemo(
    () => parseStepBlocks(withoutRepeatedTitle(markdown, title)).blocks,
    [markdown, title],
  );
  return (
    <div className={styles.markdown}>
      {blocks.map((block, i) => {
        if (block.kind === "markdown")
          return (
            <ReactMarkdown
              key={i}
              remarkPlugins={[remarkGfm]}
              urlTransform={keepBrowserLinks}
              components={components}
            >
              {block.text}
            </ReactMarkdown>
          );
        if (block.kind === "command")
          return <CommandBlock key={i} code={block.code} canRun={canRun} onRun={onRun} />;
        if (block.kind === "file")
          return (
            <figure key={i} className={styles.fileBlock}>
              <figcaption>
                <span className={styles.fileName}>{block.name}</span>
                <button
                  type="button"
                  className={styles.smallButton}
                  onClick={() => onOpenFile(block.name)}
                >
                  Open in editor
                </button>
              </figcaption>
              <pre tabIndex={0}>
                <code>{block.code}</code>
              </pre>
            </figure>
          );
        return (
          <pre key={i} tabIndex={0}>
            <code>{block.code}</code>
          </pre>
        );
      })}
    </div>
  );
}

function CommandBlock({
  code,
  canRun,
  onRun,
}: {
  code: string;
  canRun: boolean;
  onRun: (c: string) => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className={styles.commandBlock}>
      <pre tabIndex={0}>
        <code>{code}</code>
      </pre>
      <div className={styles.commandActions}>
        <button
          type="button"
          className={styles.smallButton}
          onClick={() => onRun(code)}
          disabled={!canRun}
          title={
            canRun
              ? "Type this into the terminal"
              : "The terminal opens when your environment is ready"
          }
        >
          Run
        </button>
        <button
          type="button"
          className={styles.smallButton}
          onClick={async () => {
            await navigator.clipboard?.writeText(code).catch(() => undefined);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
        </button>
      </div>
    </div>
  );
}
