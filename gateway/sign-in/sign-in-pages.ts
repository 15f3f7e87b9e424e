import type express from 'express';

/** Text made safe for HTML, for the few pages the hub writes without the web front end. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A sign-in that did not succeed, as a page in Swedish: what happened, and a way on. Nothing is
 * signed in; the HTTP status says what kind of refusal it was.
 */
export function sendSignInProblem(
  res: express.Response,
  status: number,
  message: string,
  retry?: { organisation: string; returnTo: string },
): void {
  const again = retry
    ? `<p><a href="/auth/login?org=${encodeURIComponent(retry.organisation)}&amp;returnTo=${encodeURIComponent(retry.returnTo)}">Logga in igen</a></p>`
    : '';
  res
    .status(status)
    .set('cache-control', 'no-store')
    .type('html')
    .send(`<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inloggningen misslyckades – Löftesnavet</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}a{color:#0b4f8a}</style>
</head><body><main><h1>Inloggningen misslyckades</h1><p role="alert">${escapeHtml(message)}</p>${again}
<p><a href="/">Till översikten</a></p></main></body></html>`);
}
