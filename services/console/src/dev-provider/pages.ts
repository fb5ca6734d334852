import { DEMO_USERS } from './demo-users.ts';

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem;color:#111}' +
  'label{display:block;margin-top:1rem}input{font:inherit;width:100%;padding:.4rem;box-sizing:border-box}' +
  'button{font:inherit;margin-top:1rem;padding:.4rem 1rem}.error{color:#a00}code{background:#eee;padding:0 .2rem}';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;

/** The development provider's sign-in form; it names the demo logins (they are public). */
export function loginPage(uid: string, error?: string): string {
  const logins = DEMO_USERS.map((u) => `<code>${u.login}</code> / <code>${u.password}</code>`).join(', ');
  return page(
    'Sign in · development provider',
    `<h1>Sign in</h1><p>Development OpenID provider. Demo logins: ${logins}.</p>` +
      (error ? `<p class="error" role="alert">${error}</p>` : '') +
      `<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">` +
      '<label for="login">Login</label><input id="login" name="login" autocomplete="username" required autofocus>' +
      '<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>' +
      '<button type="submit">Sign in</button></form>',
  );
}

/** RP-initiated logout confirmation; `form` is the provider's own hidden form (it carries the xsrf token). */
export function logoutPage(form: string): string {
  return page(
    'Sign out · development provider',
    `<h1>Sign out of the development provider?</h1>${form}` +
      '<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button> ' +
      '<button type="submit" form="op.logoutForm">No, stay signed in</button>',
  );
}
