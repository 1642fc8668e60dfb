import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Kindling", template: "%s · Kindling" },
  description: "Interactive Kubernetes labs on real clusters",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Kindling
          </Link>
          <span className="tagline">Kubernetes labs on real clusters</span>
        </header>
        {children}
      </body>
    </html>
  );
}
