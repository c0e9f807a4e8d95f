import type { Finding, Manifest } from "../types.ts";

/** Data versions that name a moving target rather than a snapshot. */
const FLOATING_VERSIONS = new Set(["latest", "main", "master", "head", "current", "stable"]);
const COMMIT = /^[0-9a-f]{40}$/i;
const SHA256 = /^[0-9a-f]{64}$/i;
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/i;
/** DVC's md5 (SPEC §1.4): 32 hex, a folder's with `.dir`. */
const MD5 = /^[0-9a-f]{32}(\.dir)?$/i;

/**
 * `version.floating-ref` (SPEC §3.3, `pinned_refs`): one finding per reference in the manifest
 * that does not pin what it names, on that reference's line.
 *
 * A data version or a commit that is absent is not reported here: whether it must be present is
 * `lineage.required`'s business (`lineage.missing-field`), and reporting it twice would only add
 * noise. An artifact without a sha256 is reported, as the SPEC says: nothing else pins it.
 */
export function floatingRefs(manifest: Manifest, model: string): Finding[] {
  const at = (path: string, fallback: number | null) => manifest.lineOf(path) ?? fallback;
  const finding = (line: number | null, message: string): Finding => ({
    gate: "versioning",
    code: "version.floating-ref",
    severity: "error",
    model,
    file: manifest.file,
    line,
    message,
  });
  const findings: Finding[] = [];
  for (const [key, ref] of Object.entries(manifest.data)) {
    if (ref.version === null) continue;
    const v = ref.version.trim();
    if (v !== "" && !FLOATING_VERSIONS.has(v.toLowerCase())) continue;
    const what = v === "" ? "an empty version" : `version "${v}", which moves`;
    const line = at(`data.${key}.version`, ref.line);
    findings.push(
      finding(line, `data.${key} has ${what}: pin a dated or numbered version (e.g. 2026-10-31)`),
    );
  }
  const commit = manifest.code?.commit ?? null;
  if (commit !== null && !COMMIT.test(commit.trim())) {
    const line = at("code.commit", manifest.code?.line ?? null);
    findings.push(
      finding(line, `code.commit "${commit}" is not a full commit SHA: use the 40-hex commit id`),
    );
  }
  manifest.artifacts.forEach((a, i) => {
    if (a.sha256 !== null && SHA256.test(a.sha256.trim())) return;
    if (a.sha256 === null && a.md5 && MD5.test(a.md5.trim())) return;
    const name = a.path ?? `artifacts[${i}]`;
    const state =
      a.sha256 === null ? "has no sha256" : `has sha256 "${a.sha256}", which is not 64 hex digits`;
    const line = at(`artifacts.${i}.sha256`, a.line);
    findings.push(finding(line, `artifact ${name} ${state}: record its sha256 (sha256sum ${name})`));
  });
  const image = manifest.environment?.image ?? null;
  if (image !== null && !IMAGE_DIGEST.test(image.trim())) {
    const line = at("environment.image", manifest.environment?.line ?? null);
    findings.push(
      finding(line, `environment.image "${image}" is not pinned by digest: use <image>@sha256:<64 hex>`),
    );
  }
  return findings;
}
