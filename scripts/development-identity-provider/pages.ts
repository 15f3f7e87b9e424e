import { escapeHtml } from '../../gateway/sign-in/sign-in-pages.js';
import type { DevelopmentAccount } from './accounts.js';
import { DEVELOPMENT_PASSWORD } from './accounts.js';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – utvecklingsinloggning</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}input{font-size:1rem;padding:.4rem;width:100%;max-width:20rem}
button{margin-top:1rem;font-size:1rem;padding:.5rem 1rem}.alert{color:#a00000;font-weight:600}
table{border-collapse:collapse;margin-top:.5rem}td,th{border:1px solid #767676;padding:.2rem .5rem;text-align:left}</style>
</head><body><main>${body}</main></body></html>`;
}

function accountTable(accounts: DevelopmentAccount[]): string {
  const rows = accounts
    .map(
      (a) =>
        `<tr><td><code>${escapeHtml(a.login)}</code></td><td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.organisation)}</td><td>${escapeHtml(a.roles.join(', '))}</td></tr>`,
    )
    .join('');
  return `<h2>Konton</h2><p>Lösenordet är <code>${DEVELOPMENT_PASSWORD}</code> för alla konton.</p>
<table><thead><tr><th scope="col">Användarnamn</th><th scope="col">Namn</th><th scope="col">Organisation</th><th scope="col">Roller</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function startPage(issuer: string, accounts: DevelopmentAccount[]): string {
  return page(
    'Löftesnavets utvecklingsinloggning',
    `<h1>Löftesnavets utvecklingsinloggning</h1>
<p>En OpenID-leverantör för utveckling och tester (utfärdare <code>${escapeHtml(issuer)}</code>). Den används aldrig i drift.</p>
${accountTable(accounts)}`,
  );
}

export function loginPage(uid: string, accounts: DevelopmentAccount[], error?: string, login = ''): string {
  return page(
    'Logga in',
    `<h1>Logga in i Löftesnavet</h1>
<p>Utvecklingsinloggning: välj ett av kontona nedan.</p>
${error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Användarnamn</label><input id="login" name="login" autocomplete="username" required value="${escapeHtml(login)}">
<label for="password">Lösenord</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Logga in</button>
</form>
<p><a href="/interaction/${escapeHtml(uid)}/abort">Avbryt</a></p>
${accountTable(accounts)}`,
  );
}

export function logoutPage(form: string): string {
  return page(
    'Logga ut',
    `<h1>Logga ut</h1><p>Vill du logga ut från utvecklingsinloggningen också?</p>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Logga ut</button>`,
  );
}

export function loggedOutPage(): string {
  return page('Utloggad', '<h1>Du är utloggad</h1><p>Du är nu utloggad från utvecklingsinloggningen.</p>');
}

export function errorPage(message: string): string {
  return page('Fel', `<h1>Inloggningen misslyckades</h1><p role="alert">${escapeHtml(message)}</p>`);
}
