// Lint rules, including the architecture's import direction (docs/architecture.md, "Components"):
// app/ may import runner's protocol types and the lab format only; runner/ imports nothing from app/.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const appMayNotImport = {
  patterns: [
    {
      group: [
        "**/runner/**",
        "!**/runner/src/protocol",
        "!**/runner/src/protocol/**",
        "!**/runner/src/lab-format",
        "!**/runner/src/lab-format/**",
        "@kindling/runner*",
      ],
      message:
        "app/ may import runner code only through @kindling/protocol/* and @kindling/lab-format/*.",
    },
  ],
};

const runnerMayNotImport = {
  patterns: [
    {
      group: ["**/app/**", "@/*", "@kindling/protocol/*", "@kindling/lab-format/*"],
      message: "runner/ must not import from app/ (and uses relative imports for its own code).",
    },
  ],
};

// The runner's HTTP paths are spelled once, in its contract; everyone else builds them from
// it (routePath, terminalPath, RunnerClient). Its tests may spell them out to pin them.
const runnerPathOutsideContract = {
  message:
    "Runner paths come from runner/src/protocol/runner-contract.ts (routePath, terminalPath, RunnerClient), not a hand-written /v1/… string.",
};
const contractFiles = [
  "runner/src/protocol/runner-contract.ts",
  "runner/src/protocol/runner-contract.test.ts",
  "runner/src/protocol/runner-client.test.ts",
];

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      ".next/**",
      ".data/**",
      "test-results/**",
      "app/lib/server/db/generated/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript files here are Node scripts and configs.
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly" },
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": ["error", appMayNotImport],
    },
    settings: { next: { rootDir: "." } },
  },
  {
    files: ["runner/**/*.{ts,tsx,mjs,js}"],
    rules: { "no-restricted-imports": ["error", runnerMayNotImport] },
  },
  {
    files: ["**/*.{ts,tsx,mjs,js}"],
    ignores: contractFiles,
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "Literal[value=/^\\/v1(\\/|$)/]", ...runnerPathOutsideContract },
        { selector: "TemplateElement[value.raw=/^\\/v1(\\/|$)/]", ...runnerPathOutsideContract },
      ],
    },
  },
);
