import { html } from '../../html/html.ts';
import { renderPageShell } from './render-page-shell.ts';

/** A page for "not found" and other answers that have no journey to show. */
export function renderMessagePage(title: string, message: string, status: number): string {
  const main = html`<section class="panel" aria-labelledby="message-title">
<p class="status">HTTP ${status}</p>
<h1 id="message-title">${title}</h1>
<p class="message">${message}</p>
</section>`;
  return renderPageShell({ title: `${title} · Journey Stages preview`, main });
}
