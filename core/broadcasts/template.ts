/** `{{name}}`-style placeholders in texts that staff write (broadcasts, care programmes). */
const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1])
}

/** The placeholders of `text` that are not in `allowed` (a typo would otherwise reach customers as "{{nmae}}"). */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  return [...new Set(placeholdersIn(text).filter((name) => !allowed.includes(name)))]
}

export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole)
}
