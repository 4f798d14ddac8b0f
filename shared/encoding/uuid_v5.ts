/** RFC 9562 name-based UUIDs, version 5 (SHA-1). */
import { createHash } from "node:crypto";

/** The 16 bytes of a UUID written in the usual 8-4-4-4-12 hex form. */
export function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll("-", "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`Cannot parse UUID: got "${uuid}"`);
  return Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));
}

/**
 * The version 5 UUID of `name` (hashed as UTF-8) in the namespace whose bytes are
 * `namespace`: SHA-1 of namespace then name, first 16 bytes, version and variant bits set.
 */
export function uuidV5(namespace: Uint8Array, name: string): string {
  const digest = createHash("sha1").update(namespace).update(name, "utf8").digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50; // version 5
  digest[8] = (digest[8]! & 0x3f) | 0x80; // variant 10xx
  const hex = digest.toString("hex", 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20, 32)
  }`;
}
