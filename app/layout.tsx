import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "./components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Kindling", template: "%s · Kindling" },
  description: "Interactive Kubernetes labs on real clusters",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        {children}
      </body>
    </html>
  );
}
