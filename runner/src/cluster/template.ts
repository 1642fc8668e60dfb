/** Fills `{{ .Name }}` placeholders; a placeholder left without a value is an error, not a silent blank. */
export function renderTemplate(
  template: string,
  values: Record<string, string>,
  source: string,
): string {
  const missing = new Set<string>();
  const rendered = template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) {
      missing.add(key);
      return whole;
    }
    return value;
  });
  if (missing.size > 0)
    throw new Error(`${source}: no value for ${[...missing].map((k) => `{{ .${k} }}`).join(", ")}`);
  return rendered;
}
