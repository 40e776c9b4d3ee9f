/**
 * Checking report.html in a real headless Chromium: its DOM after load (every plot an
 * <svg> drawn with a size) and its screenshot (every plot's area holds drawn, coloured
 * pixels). Uses the system's Chromium (`--dump-dom`, `--screenshot`); installs nothing.
 *
 * @packageDocumentation
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';

/** The Chromium binary: `$CHROMIUM`, else /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM ?? '/usr/bin/chromium';
}

/**
 * Throws a clear error when Chromium is missing.
 * @throws Error naming the path and how to install it
 */
export function requireChromium(path = chromiumPath()): string {
  if (!existsSync(path))
    throw new Error(
      `report:browser-test needs Chromium at ${path}, which is missing. Install Debian's package (apt-get update && apt-get install -y chromium) or set CHROMIUM to a Chromium binary; this script installs nothing itself.`,
    );
  return path;
}

/** Headless flags: no sandbox, GPU, QUIC, first-run UI, background networking, component updates or sync. */
export function chromiumFlags(userDataDir: string, width: number, height: number): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    `--user-data-dir=${userDataDir}`,
    `--window-size=${width},${height}`,
    '--virtual-time-budget=10000',
  ];
}

function chromium(args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hessian-chromium-'));
  try {
    const r = spawnSync(requireChromium(), [...args.map((a) => a.replace('{profile}', dir))], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      timeout: 120_000,
    });
    if (r.error) throw r.error;
    if (r.status !== 0)
      throw new Error(`chromium exited with status ${r.status}: ${r.stderr.slice(-2000)}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The DOM of a page after load (scripts run), from `chromium --headless --dump-dom`. */
export function dumpDom(htmlFile: string, width: number, height: number): string {
  return chromium([
    ...chromiumFlags('{profile}', width, height),
    '--dump-dom',
    pathToFileURL(htmlFile).href,
  ]);
}

/** Writes a screenshot of a page (the top `height` pixels) with `chromium --headless --screenshot`. */
export function screenshot(htmlFile: string, pngFile: string, width: number, height: number): void {
  chromium([
    ...chromiumFlags('{profile}', width, height),
    `--screenshot=${pngFile}`,
    pathToFileURL(htmlFile).href,
  ]);
}

/** An 8-bit RGBA image. */
export interface Image {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: Uint8Array;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes a non-interlaced 8-bit PNG (greyscale, RGB, greyscale + alpha or RGBA) to RGBA.
 * @throws Error for anything else
 */
export function decodePng(buf: Uint8Array): Image {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!sig.every((b, i) => buf[i] === b)) throw new Error('decodePng: not a PNG file');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Uint8Array[] = [];
  while (pos < buf.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(...buf.subarray(pos + 4, pos + 8));
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      const depth = body[8];
      colorType = body[9];
      if (depth !== 8 || body[12] !== 0)
        throw new Error(
          `decodePng: only 8-bit non-interlaced images, got depth ${depth}, interlace ${body[12]}`,
        );
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
  if (channels === undefined) throw new Error(`decodePng: unsupported colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = up[i];
      const c = i >= channels ? up[i - channels] : 0;
      const x = src[i];
      row[i] =
        filter === 0
          ? x
          : filter === 1
            ? x + a
            : filter === 2
              ? x + b
              : filter === 3
                ? x + ((a + b) >> 1)
                : x + paeth(a, b, c);
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    const grey = channels <= 2;
    data[4 * p] = pixels[s];
    data[4 * p + 1] = grey ? pixels[s] : pixels[s + 1];
    data[4 * p + 2] = grey ? pixels[s] : pixels[s + 2];
    data[4 * p + 3] = channels === 4 ? pixels[s + 3] : channels === 2 ? pixels[s + 1] : 255;
  }
  return { width, height, data };
}

/** Encodes an RGBA image as a PNG (filter 0, zlib-deflated). */
export function encodePng(img: Image): Buffer {
  const stride = img.width * 4;
  const raw = new Uint8Array((stride + 1) * img.height);
  for (let y = 0; y < img.height; y++)
    raw.set(img.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const chunk = (type: string, body: Uint8Array) => {
    const out = Buffer.alloc(12 + body.length);
    out.writeUInt32BE(body.length, 0);
    out.write(type, 4, 'latin1');
    out.set(body, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A rectangle in page pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of an image inside a rectangle (clipped to the image). */
export function crop(img: Image, r: Rect): Image {
  const x0 = Math.max(0, Math.round(r.x));
  const y0 = Math.max(0, Math.round(r.y));
  const x1 = Math.min(img.width, Math.round(r.x + r.width));
  const y1 = Math.min(img.height, Math.round(r.y + r.height));
  const width = Math.max(0, x1 - x0);
  const height = Math.max(0, y1 - y0);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    data.set(
      img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x1) * 4),
      y * width * 4,
    );
  return { width, height, data };
}

/**
 * Pixel statistics of an image: the fraction that is not near-white (ink), and the
 * fraction that is clearly coloured (not grey: lines drawn in the palette).
 */
export function pixelStats(img: Image): { ink: number; colour: number } {
  const total = img.width * img.height;
  if (total === 0) return { ink: 0, colour: 0 };
  let ink = 0;
  let colour = 0;
  for (let p = 0; p < total; p++) {
    const r = img.data[4 * p];
    const g = img.data[4 * p + 1];
    const b = img.data[4 * p + 2];
    if (Math.min(r, g, b) < 235) ink++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
  }
  return { ink: ink / total, colour: colour / total };
}

/** What the DOM check found for one expected plot. */
export interface PlotCheck {
  id: string;
  /** Where it was drawn (page pixels), from the report's `data-drawn` attribute. */
  rect: Rect | undefined;
  paths: number;
  problems: string[];
}

/** The figure element with this id, as text (up to its closing tag). */
function figureHtml(dom: string, id: string): string | undefined {
  const start = dom.indexOf(`<figure class="plot" id="${id}"`);
  if (start < 0) return undefined;
  const end = dom.indexOf('</figure>', start);
  return dom.slice(start, end < 0 ? undefined : end);
}

/**
 * Checks the loaded DOM: the plot manifest lists exactly `expected`, and each expected
 * plot is a figure holding an <svg> with marks, drawn with a positive size.
 */
export function checkDom(
  dom: string,
  expected: readonly string[],
): { plots: PlotCheck[]; problems: string[]; pageHeight: number; pageWidth: number } {
  const problems: string[] = [];
  const manifest = /<script type="application\/json" id="plot-manifest">([^<]*)<\/script>/.exec(
    dom,
  );
  const listed: string[] = manifest ? JSON.parse(manifest[1]) : [];
  if (!manifest) problems.push('the page has no plot manifest');
  const missing = expected.filter((id) => !listed.includes(id));
  const extra = listed.filter((id) => !expected.includes(id));
  if (missing.length) problems.push(`manifest lacks ${missing.join(', ')}`);
  if (extra.length) problems.push(`manifest has unexpected ${extra.join(', ')}`);
  const figures = dom.match(/<figure class="plot"/g)?.length ?? 0;
  if (figures !== expected.length)
    problems.push(`the page has ${figures} plot figures, expected ${expected.length}`);
  const plots = expected.map((id): PlotCheck => {
    const html = figureHtml(dom, id);
    const own: string[] = [];
    if (html === undefined) return { id, rect: undefined, paths: 0, problems: ['no figure'] };
    const svgs = html.match(/<svg\b/g)?.length ?? 0;
    if (svgs !== 1) own.push(`${svgs} <svg> elements, expected 1`);
    const paths = html.match(/<path\b/g)?.length ?? 0;
    if (paths === 0) own.push('no <path> marks');
    const drawn = /data-drawn="([-\d]+),([-\d]+),(\d+),(\d+)"/.exec(html);
    const rect = drawn
      ? {
          x: Number(drawn[1]),
          y: Number(drawn[2]),
          width: Number(drawn[3]),
          height: Number(drawn[4]),
        }
      : undefined;
    if (!rect) own.push('not drawn (no data-drawn attribute after load)');
    else if (rect.width < 100 || rect.height < 100)
      own.push(`drawn at ${rect.width}×${rect.height} px`);
    return { id, rect, paths, problems: own };
  });
  const pageHeight = Number(/data-page-height="(\d+)"/.exec(dom)?.[1] ?? 0);
  const pageWidth = Number(/data-page-width="(\d+)"/.exec(dom)?.[1] ?? 0);
  return { plots, problems, pageHeight, pageWidth };
}

/** Checks that each plot's area of the screenshot holds ink and coloured lines. */
export function checkScreenshot(img: Image, plots: readonly PlotCheck[]): PlotCheck[] {
  return plots.map((p) => {
    if (!p.rect) return p;
    const own = [...p.problems];
    if (p.rect.y + p.rect.height > img.height || p.rect.x + p.rect.width > img.width)
      own.push(`outside the ${img.width}×${img.height} screenshot`);
    else {
      const s = pixelStats(crop(img, p.rect));
      if (s.ink < 0.01) own.push(`blank in the screenshot (ink ${(100 * s.ink).toFixed(2)}%)`);
      if (s.colour < 0.001)
        own.push(`no coloured marks in the screenshot (${(100 * s.colour).toFixed(3)}%)`);
    }
    return { ...p, problems: own };
  });
}

/** Reads a PNG file. */
export function readPng(path: string): Image {
  return decodePng(readFileSync(path));
}
