/** A lone UTF-16 surrogate (a high one not followed by a low one, or a low one not preceded by a high one). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/**
 * Deeper than any HubSpot event; the walk below is recursive and hostile JSON can nest a million
 * levels. The inbox quarantines events nested deeper (inbox-writer.ts) before anything recurses.
 */
export const MAX_STORED_DEPTH = 64;

const escapeCode = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A string jsonb accepts: NUL and lone surrogates written out as the text "\u0000", "\ud800". */
function storableString(value: string): string {
  return value.includes('\u0000') || !value.isWellFormed()
    ? // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this writes out
      value.replace(/\u0000/g, escapeCode).replace(LONE_SURROGATE, escapeCode)
    : value;
}

/**
 * Any parsed JSON value made storable as PostgreSQL jsonb, for quarantine: jsonb refuses
 * \u0000 and lone surrogates anywhere, in keys as in values, so those are escaped as visible
 * text (a reader sees what arrived); nesting beyond MAX_STORED_DEPTH is cut and marked.
 */
export function toStorableJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_STORED_DEPTH) return '[nested too deep to keep]';
  if (Array.isArray(value)) return value.map((item) => toStorableJson(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty: a "__proto__" key stays a plain key instead of setting the prototype.
    Object.defineProperty(out, storableString(key), {
      value: toStorableJson(item, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
