// Test support: a browser reduced to what an OAuth install needs.

export interface Hop {
  url: string;
  status: number;
}

const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/**
 * Follows redirects by hand with a cookie jar (name → value, per path), so a test sees every
 * hop and can stop before one, copy the jar, or replay a URL. Sends a browser's User-Agent:
 * the library refuses bots.
 */
export function cookieBrowser(jar = new Map<string, { value: string; path: string }>()) {
  const cookieHeader = (url: URL) =>
    [...jar]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([n, c]) => `${n}=${c.value}`)
      .join('; ');
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expired = attrs.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now());
      if (expired || !value) jar.delete(name);
      else jar.set(name, { value, path });
    }
  };
  const get = async (url: string) => {
    const u = new URL(url);
    const res = await fetch(u, {
      redirect: 'manual',
      headers: { 'user-agent': UA, cookie: cookieHeader(u) },
    });
    keep(res);
    return res;
  };
  return {
    jar,
    get,
    /** A copy of this browser (same cookies from now on, each its own jar). */
    fork: () => cookieBrowser(new Map([...jar].map(([k, v]) => [k, { ...v }]))),
    /** GETs `url` and follows redirects until a non-redirect or `stopAt(url)` is true. */
    async follow(url: string, stopAt: (next: string) => boolean = () => false) {
      const hops: Hop[] = [];
      let next = url;
      for (let i = 0; i < 10; i++) {
        if (i > 0 && stopAt(next)) return { hops, stoppedAt: next, res: undefined };
        const res = await get(next);
        hops.push({ url: next, status: res.status });
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) return { hops, stoppedAt: undefined, res };
        next = new URL(location, next).toString();
      }
      throw new Error(`too many redirects from ${url}`);
    },
  };
}
