import type { Request, Response } from 'express';

/** Cookie names and flags: `__Host-` and Secure outside localhost, where http is allowed. */
export interface CookieJar {
  read(req: Request, name: 'session' | 'login'): string | undefined;
  set(res: Response, name: 'session' | 'login', value: string, maxAgeMs: number): void;
  clear(res: Response, name: 'session' | 'login'): void;
}

export function cookieJar(secure: boolean): CookieJar {
  const full = (name: string) => (secure ? `__Host-cs_${name}` : `cs_${name}`);
  const base = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
  return {
    read(req, name) {
      const header = req.headers.cookie ?? '';
      const wanted = `${full(name)}=`;
      for (const part of header.split(/;\s*/))
        if (part.startsWith(wanted)) return part.slice(wanted.length) || undefined;
      return undefined;
    },
    set(res, name, value, maxAgeMs) {
      res.cookie(full(name), value, { ...base, maxAge: maxAgeMs });
    },
    clear(res, name) {
      res.clearCookie(full(name), base);
    },
  };
}
