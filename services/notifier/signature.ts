/**
 * The webhook signature, so a receiver can tell our POSTs from anyone else's and refuse
 * replays. With ALERT_WEBHOOK_SECRET set, every attempt carries
 *
 *     Heartbeat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * To verify: split the header on `,` into `t` and `v1`; refuse when `t` is further than a
 * few minutes from your clock; compute HMAC-SHA256 with the shared secret (its UTF-8 bytes)
 * over the string `t`, a dot and the request body exactly as received (bytes, before any
 * JSON parsing); compare it with `v1` in constant time. {@link verifySignature} does this.
 * Each retry is signed afresh (new `t`), while its `Idempotency-Key` stays the same.
 */

/** The header that carries the signature. */
export const SIGNATURE_HEADER = "Heartbeat-Signature";

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The header value for `body` signed at `timestampS` (unix seconds). */
export async function signPayload(
  secret: string,
  timestampS: number,
  body: string,
): Promise<string> {
  const t = Math.floor(timestampS);
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/**
 * True when `header` is a valid signature of `body` with `secret`, made within
 * `toleranceS` (default 300 s) of `nowS`. For receivers and tests; the comparison takes
 * the same time wherever the first wrong digit is.
 */
export async function verifySignature(
  secret: string,
  header: string | null,
  body: string,
  nowS: number,
  toleranceS = 300,
): Promise<boolean> {
  if (header === null) return false;
  const parts = new Map(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = parts.get("t") ?? "";
  const given = parts.get("v1") ?? "";
  if (!/^\d+$/.test(t) || Math.abs(nowS - Number(t)) > toleranceS) return false;
  const expected = await hmacHex(secret, `${t}.${body}`);
  if (given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) {
    difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  }
  return difference === 0;
}
