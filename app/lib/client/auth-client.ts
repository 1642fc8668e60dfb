// The browser's side of better-auth: calls /api/auth on the page's own origin.
"use client";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
