/**
 * Headless Chromium for browser tests: Debian's `chromium` driven by playwright-core (no
 * browser download; `CHROMIUM_PATH` or /usr/bin/chromium), a tap that keeps the overview
 * frames the page receives on its live stream, and a look at what a canvas actually drew.
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian's package puts the browser. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/**
 * The browser's path: `CHROMIUM_PATH`, else /usr/bin/chromium. Throws (so the test fails,
 * never skips) when no executable file is there.
 */
export function chromiumPath(): string {
  const path = Deno.env.get("CHROMIUM_PATH") || DEFAULT_CHROMIUM;
  let info: Deno.FileInfo | undefined;
  try {
    info = Deno.statSync(path);
  } catch {
    // reported below
  }
  if (!info?.isFile || ((info.mode ?? 0o111) & 0o111) === 0) {
    throw new Error(
      `Cannot run the browser test: no Chromium executable at ${path}. Install Debian's ` +
        "package (`apt-get install -y chromium`; .ci/run does) or set CHROMIUM_PATH.",
    );
  }
  return path;
}

/** Launches headless Chromium (see {@link chromiumPath}). */
export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({ executablePath: chromiumPath(), headless: true });
}

/** An overview frame as the page received it (the JSON of `GET /api/overview`). */
export type OverviewFrame = {
  generatedAt: string;
  windowMinutes: number;
  heartbeatsPerMinute: { minute: string; count: number }[];
  anomaliesPerMinute: ({ minute: string; total: number } & Record<string, number | string>)[];
  anomalyBreakdown: { type: string; count: number }[];
  lastFiveMinutes: {
    readings: number;
    average: number | null;
    p95: number | null;
    activeCustomers: number;
  };
  recentAnomalies: { anomalyId: string; customerId: string; type: string }[];
  health: {
    storedPerSecond: number;
    anomaliesPerSecond: number;
    invalid: { lastMinute: number; lastFiveMinutes: number; lastHour: number };
    dlq: { lastMinute: number; lastFiveMinutes: number; lastHour: number };
    lag: { writer: number | null; detector: number | null };
    kafka: { ok: boolean; detail: string };
  };
};

/**
 * Makes every page of `page`'s context keep the last 50 `overview` events of
 * `/api/stream` in `globalThis.__overviewFrames`: the page's `fetch` is wrapped, the stream's
 * body teed, one branch handed to the page untouched and the other parsed. Test-side only;
 * the page's code is not changed.
 */
export async function tapOverviewFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const frames: unknown[] = [];
    Object.assign(globalThis, { __overviewFrames: frames });
    const original = globalThis.fetch;
    globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await original(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname !== "/api/stream" || !response.ok || response.body === null) {
        return response;
      }
      const [forPage, forTest] = response.body.tee();
      (async () => {
        const reader = forTest.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end).split("\n");
            buffer = buffer.slice(end + 2);
            if (!block.includes("event: overview")) continue;
            const data = block.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6));
            frames.push(JSON.parse(data.join("\n")));
            if (frames.length > 50) frames.shift();
          }
        }
      })().catch(() => {}); // the page aborted the stream: nothing more to keep
      return new Response(forPage, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  });
}

/**
 * The little of the DOM that functions run in the page use (`page.evaluate`): Deno's types
 * have no DOM, and adding the `dom` lib would change every other file's globals.
 */
export interface PageGlobals {
  readonly document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
}

/** An element, as far as page-side test code reads it. */
export interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

/** A canvas element, as far as {@link canvasInk} reads it. */
interface PageCanvas extends PageElement {
  readonly width: number;
  readonly height: number;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}

/** What a canvas shows in one colour: how many pixels, and the rows they span. */
export interface Ink {
  readonly pixels: number;
  /** Rows from the first to the last pixel of that colour, as a share of the height. */
  readonly span: number;
}

/**
 * How much of each `colours` (`#rrggbb`, matched within ±`tolerance` per channel) the first
 * canvas under `selector` has drawn: uPlot paints series on a canvas, so this is what a
 * person sees of a chart.
 */
export async function canvasInk(
  page: Page,
  selector: string,
  colours: readonly string[],
  tolerance = 24,
): Promise<Record<string, Ink>> {
  return await page.evaluate(({ selector, colours, tolerance }) => {
    const { document } = globalThis as unknown as PageGlobals;
    const canvas = document.querySelector(`${selector} canvas`) as PageCanvas | null;
    if (!canvas) return {};
    const { width, height } = canvas;
    const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    const result: Record<string, { pixels: number; span: number }> = {};
    for (const colour of colours) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
      let count = 0;
      let top = height;
      let bottom = -1;
      for (let i = 0; i < pixels.length; i += 4) {
        if (
          pixels[i + 3]! > 200 && Math.abs(pixels[i]! - r!) <= tolerance &&
          Math.abs(pixels[i + 1]! - g!) <= tolerance && Math.abs(pixels[i + 2]! - b!) <= tolerance
        ) {
          count++;
          const row = Math.floor(i / 4 / width);
          top = Math.min(top, row);
          bottom = Math.max(bottom, row);
        }
      }
      result[colour] = { pixels: count, span: count === 0 ? 0 : (bottom - top + 1) / height };
    }
    return result;
  }, { selector, colours: [...colours], tolerance });
}
