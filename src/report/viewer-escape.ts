/**
 * Escaping for the HTML report: every piece of case data that reaches markup goes
 * through one of these. Text and attribute values are escaped with `escapeHtml`;
 * JSON embedded in a `<script>` block goes through `jsonForScript`, which makes it
 * impossible for the data to close the tag (`</script>`) or open a comment.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML/SVG element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for a `<script type="application/json">` block: every `<` becomes `\u003c`
 * (so neither `</script` nor `<!--` can appear), and the two line separators that
 * some parsers mishandle are escaped too. `JSON.parse` reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
