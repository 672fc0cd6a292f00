import { html, raw } from '../html/html.ts';
import { pageStyle } from '../html/page-style.ts';

export type InstallPage = {
  status: number;
  title: string;
  lines: string[];
  /** A link back into HubSpot, e.g. the portal's contacts after a successful install. */
  link?: { href: string; label: string };
};

/**
 * The page an admin sees at the end of the install (or when it fails): what was set up, or
 * what went wrong and what to do. Everything interpolated is escaped; no script, no outside request.
 */
export function renderInstallPage(page: InstallPage): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${page.title} · Journey Stages</title>
<style>${raw(pageStyle)}</style>
</head>
<body>
<header class="topbar"><span class="brand"><span class="brand-mark" aria-hidden="true"></span>Journey Stages</span></header>
<main>
<section class="panel" aria-labelledby="install-title">
<p class="status">HTTP ${page.status}</p>
<h1 id="install-title">${page.title}</h1>
${page.lines.map((line) => html`<p class="message">${line}</p>`)}
${page.link ? html`<p><a href="${page.link.href}">${page.link.label}</a></p>` : null}
</section>
</main>
</body>
</html>
`.value;
}
