/**
 * A browser without a browser, for the security tests: a cookie jar (one per "person",
 * shared across the console and the provider, as a browser's is per host) and redirects
 * followed by hand so each hop can be looked at or tampered with.
 */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c) || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** One request, no redirect followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}), ...(init.headers ?? {}) },
    });
    this.keep(res);
    return res;
  }

  /** Follows redirects until a page answers or `stop(url)` says to stop before requesting it. */
  async follow(
    url: string,
    stop: (next: URL) => boolean = () => false,
    init?: RequestInit,
  ): Promise<{ res: Response; url: string }> {
    let current = url;
    let res = await this.fetch(current, init);
    for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 10; hops++) {
      const next = new URL(res.headers.get('location') ?? '', current);
      if (stop(next)) return { res, url: next.href };
      current = next.href;
      res = await this.fetch(current);
    }
    return { res, url: current };
  }

  /** Submits a form as a browser would (urlencoded), from `origin`. */
  post(url: string, form: Record<string, string>, origin?: string): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
      body: new URLSearchParams(form).toString(),
    });
  }
}

/** Through the development provider's form: returns the callback URL the provider sent the browser to. */
export async function providerLogin(
  b: HttpBrowser,
  consoleUrl: string,
  login: string,
  path = '/orders',
): Promise<URL> {
  const atForm = await b.follow(`${consoleUrl}${path}`);
  const action = /action="([^"]+)"/.exec(await atForm.res.text())?.[1];
  if (!action) throw new Error(`no sign-in form at ${atForm.url}`);
  const posted = await b.post(new URL(action, atForm.url).href, { login, password: login });
  const toCallback = await b.follow(new URL(posted.headers.get('location') ?? '', atForm.url).href, (next) =>
    next.href.startsWith(`${consoleUrl}/auth/callback`),
  );
  return new URL(toCallback.url);
}

/** Signs in completely; returns the page's CSRF token. */
export async function httpSignIn(b: HttpBrowser, consoleUrl: string, login: string): Promise<string> {
  const callback = await providerLogin(b, consoleUrl, login);
  const landed = await b.follow(callback.href);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await landed.res.text())?.[1];
  if (!csrf) throw new Error(`not signed in: ${landed.res.status} at ${landed.url}`);
  return csrf;
}
