import { hkdfSync } from "node:crypto";

/** Bytes of the HMAC-SHA256 key for modelgate's signed records. */
const KEY_BYTES = 32;

/**
 * The key that signs modelgate's records (SPEC §4.4), derived with HKDF-SHA256 from secret
 * material only the App holds (its webhook secret, through Probot's signer). A record signed
 * with it cannot be made by anyone who can merely read or write comments, cards or branches.
 */
export function deriveAuthorityKey(secretMaterial: string): Buffer {
  if (secretMaterial.length === 0) throw new Error("modelgate needs a webhook secret to sign its records");
  return Buffer.from(
    hkdfSync("sha256", secretMaterial, "modelgate", "modelgate authority records v1", KEY_BYTES),
  );
}

/**
 * The App's key from its webhook signer: `sign` is HMAC-SHA256 under the webhook secret, so the
 * secret itself is never read, and every replica with the same secret derives the same key.
 */
export async function authorityKeyFromSigner(signer: {
  sign(payload: string): Promise<string>;
}): Promise<Buffer> {
  return deriveAuthorityKey(await signer.sign("modelgate authority key"));
}
