/**
 * The page's files, held in memory and served by path: `static/` (read once at start; the
 * task may read that folder and nothing else) and the uPlot charting library. uPlot comes
 * from npm (`npm:uplot`, pinned in deno.json and deno.lock) as text imports, so it is part
 * of the module graph: cached with the code, served by this process, and the page needs no
 * internet. Only the files found at start are served: no path from a URL reaches the disk.
 */
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };
import uplotLicense from "uplot/LICENSE" with { type: "text" };

/** One file, ready to send. */
export interface StaticAsset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  /** Strong validator: a digest of the body. */
  readonly etag: string;
}

/** Files by URL path (`/`, `/static/app.js`, `/vendor/uplot/uPlot.iife.min.js`, …). */
export type StaticAssets = ReadonlyMap<string, StaticAsset>;

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  txt: "text/plain; charset=utf-8",
  json: "application/json",
  ico: "image/x-icon",
  png: "image/png",
};

const encoder = new TextEncoder();

/**
 * Reads every file under `dir` (as `/static/<relative path>`; `index.html` is also `/`)
 * and adds uPlot under `/vendor/uplot/`. Files of unknown types are skipped.
 */
export async function loadStaticAssets(dir: URL): Promise<StaticAssets> {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for await (const relative of walk(dir, "")) {
    files.set(`/static/${relative}`, await Deno.readFile(new URL(relative, dir)));
  }
  return buildAssets(files);
}

/** Assets from file contents by URL path, plus uPlot (exported for tests). */
export async function buildAssets(
  files: ReadonlyMap<string, Uint8Array<ArrayBuffer>>,
): Promise<StaticAssets> {
  const all = new Map(files);
  all.set("/vendor/uplot/uPlot.iife.min.js", encoder.encode(uplotJs));
  all.set("/vendor/uplot/uPlot.min.css", encoder.encode(uplotCss));
  all.set("/vendor/uplot/LICENSE.txt", encoder.encode(uplotLicense));
  const index = all.get("/static/index.html");
  if (index !== undefined) all.set("/", index);
  const assets = new Map<string, StaticAsset>();
  for (const [path, body] of all) {
    const extension = path === "/" ? "html" : /\.([a-z0-9]+)$/.exec(path)?.[1] ?? "";
    const contentType = CONTENT_TYPES[extension];
    if (contentType === undefined) continue;
    assets.set(path, { body, contentType, etag: await etagOf(body) });
  }
  return assets;
}

/** Security headers of every page file: only this origin's scripts, styles and data. */
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
} as const;

/**
 * The response for a GET/HEAD of `path`, or undefined when no such file exists. Browsers
 * revalidate each time (`no-cache`) and get 304 when their copy is current.
 */
export function serveAsset(
  assets: StaticAssets,
  path: string,
  request: Request,
): Response | undefined {
  const asset = assets.get(path);
  if (asset === undefined) return undefined;
  const headers = {
    ...PAGE_HEADERS,
    "content-type": asset.contentType,
    "cache-control": "no-cache",
    etag: asset.etag,
  };
  if (request.headers.get("if-none-match") === asset.etag) {
    return new Response(null, { status: 304, headers });
  }
  // For HEAD, the server drops the body and keeps its content-length.
  return new Response(asset.body, { headers });
}

async function* walk(dir: URL, prefix: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(new URL(prefix, dir))) {
    if (entry.name.startsWith(".")) continue;
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory) yield* walk(dir, `${relative}/`);
    else if (entry.isFile) yield relative;
  }
}

async function etagOf(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const hex = [...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `"${hex}"`;
}
