/**
 * The optional bearer token (`DASHBOARD_TOKEN`). When one is configured, every `/api/`
 * request (the live stream included) must carry `Authorization: Bearer <token>`; the page
 * itself and `/livez`, `/healthz` stay open, as they hold no data. The token is sent in a
 * header only, never in the URL, so it does not end up in logs or browser history.
 */

/** Says whether a request may read the API. */
export type TokenCheck = (request: Request) => Promise<boolean>;

const encoder = new TextEncoder();

/**
 * The check for `token`; every request passes when it is undefined. Comparison is on
 * SHA-256 digests in constant time, so the answer's timing says nothing about how much of
 * a guess was right.
 */
export function createTokenCheck(token: string | undefined): TokenCheck {
  if (token === undefined) return () => Promise.resolve(true);
  const expected = digest(token);
  return async (request) => {
    const given = bearerToken(request.headers.get("authorization"));
    if (given === undefined) return false;
    return equalInConstantTime(await digest(given), await expected);
  };
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export function bearerToken(header: string | null): string | undefined {
  const match = /^Bearer[ ]+([!-~]+)[ ]*$/i.exec(header ?? "");
  return match?.[1];
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0);
  return difference === 0;
}
