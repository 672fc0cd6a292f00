import { html, raw, type SafeHtml } from '../../html/html.ts';
import { pageStyle } from '../../html/page-style.ts';

/**
 * A whole HTML document around the given main content: inline style, no script and no
 * outside request, so the page works offline and under a `default-src 'none'` policy.
 */
export function renderPageShell({ title, main }: { title: string; main: SafeHtml }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${raw(pageStyle)}</style>
</head>
<body>
<header class="topbar"><span class="brand"><span class="brand-mark" aria-hidden="true"></span>Journey Stages</span><span class="badge">Preview</span></header>
<main>
${main}
</main>
<footer>A preview outside HubSpot. In HubSpot, support reps see this journey as a card on the contact record.</footer>
</body>
</html>
`.value;
}
