export type Tokens = { ok: true; tokens: string[] } | { ok: false; message: string };

/**
 * Splits a command's arguments on blanks, keeping "double" or 'single' quoted text together
 * (a backslash escapes a quote inside double quotes). Typographic quotes, which phones insert,
 * count as double quotes.
 */
export function tokenizeArguments(input: string): Tokens {
  const text = input.replace(/[\u201C\u201D]/g, '"').replace(/[\u2018\u2019]/g, "'");
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (quote !== null) {
      if (c === "\\" && quote === '"' && (text[i + 1] === '"' || text[i + 1] === "\\")) {
        current += text[++i];
      } else if (c === quote) quote = null;
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (quote !== null) return { ok: false, message: `a ${quote} quote is not closed` };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}
