import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  checkDom,
  checkScreenshot,
  chromiumFlags,
  crop,
  decodePng,
  encodePng,
  type Image,
  pixelStats,
  requireChromium,
} from './browser.js';

/** A white image with a red square at (x, y). */
function picture(
  width: number,
  height: number,
  square?: { x: number; y: number; size: number },
): Image {
  const data = new Uint8Array(width * height * 4).fill(255);
  if (square)
    for (let y = square.y; y < square.y + square.size; y++)
      for (let x = square.x; x < square.x + square.size; x++)
        data.set([220, 20, 30, 255], 4 * (y * width + x));
  return { width, height, data };
}

describe('PNG', () => {
  it('round-trips an RGBA image through encodePng and decodePng', () => {
    const img = picture(7, 5, { x: 2, y: 1, size: 3 });
    const back = decodePng(encodePng(img));
    expect(back.width).toBe(7);
    expect(back.height).toBe(5);
    expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
  });

  it('undoes every filter type of an RGB PNG (as Chromium writes them)', () => {
    // 2×5 RGB rows, one per filter type 0..4, encoded by hand
    const width = 2;
    const rows = [
      [10, 20, 30, 40, 50, 60],
      [11, 22, 33, 44, 55, 66],
      [12, 24, 36, 48, 60, 72],
      [13, 26, 39, 52, 65, 78],
      [14, 28, 42, 56, 70, 84],
    ];
    const paeth = (a: number, b: number, c: number) => {
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    };
    const raw: number[] = [];
    rows.forEach((row, y) => {
      raw.push(y);
      row.forEach((v, i) => {
        const a = i >= 3 ? row[i - 3] : 0;
        const b = y > 0 ? rows[y - 1][i] : 0;
        const c = y > 0 && i >= 3 ? rows[y - 1][i - 3] : 0;
        const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][y];
        raw.push((v - pred + 256) & 255);
      });
    });
    const chunk = (type: string, body: Uint8Array) => {
      const b = Buffer.alloc(12 + body.length);
      b.writeUInt32BE(body.length, 0);
      b.write(type, 4, 'latin1');
      b.set(body, 8);
      return b; // CRC is not checked by the decoder
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(rows.length, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.from(raw))),
      chunk('IEND', new Uint8Array(0)),
    ]);
    const img = decodePng(png);
    rows.forEach((row, y) => {
      for (let x = 0; x < width; x++)
        expect([...img.data.subarray(4 * (y * width + x), 4 * (y * width + x) + 4)]).toEqual([
          ...row.slice(3 * x, 3 * x + 3),
          255,
        ]);
    });
  });

  it('rejects what is not a PNG', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(
      'decodePng: not a PNG file',
    );
  });
});

describe('screenshot checks', () => {
  it('measures ink and colour inside a crop', () => {
    const img = picture(20, 10, { x: 10, y: 0, size: 10 });
    expect(pixelStats(crop(img, { x: 0, y: 0, width: 10, height: 10 }))).toEqual({
      ink: 0,
      colour: 0,
    });
    expect(pixelStats(crop(img, { x: 10, y: 0, width: 10, height: 10 }))).toEqual({
      ink: 1,
      colour: 1,
    });
    expect(crop(img, { x: 15, y: 5, width: 100, height: 100 })).toMatchObject({
      width: 5,
      height: 5,
    });
  });

  const page = (drawn: string) =>
    `<html><head><script type="application/json" id="plot-manifest">["a","b"]</script></head><body data-page-height="900" data-page-width="1300">
<figure class="plot" id="a"><div class="svg"><svg data-drawn="${drawn}"><path d="M0,0L1,1"/></svg></div></figure>
<figure class="plot" id="b"><div class="svg"><svg data-drawn="0,300,200,150"><g></g></svg></div></figure></body></html>`;

  it('finds each plot in the DOM, with its drawn rectangle and marks', () => {
    const r = checkDom(page('10,20,300,200'), ['a', 'b']);
    expect(r.problems).toEqual([]);
    expect([r.pageHeight, r.pageWidth]).toEqual([900, 1300]);
    expect(r.plots[0]).toEqual({
      id: 'a',
      rect: { x: 10, y: 20, width: 300, height: 200 },
      paths: 1,
      problems: [],
    });
    expect(r.plots[1].problems).toEqual(['no <path> marks']);
  });

  it('reports a plot missing from the page, an undrawn one, and a blank area of the screenshot', () => {
    const r = checkDom(page('10,20,0,0'), ['a', 'b', 'c']);
    expect(r.problems).toEqual(['manifest lacks c', 'the page has 2 plot figures, expected 3']);
    expect(r.plots[0].problems).toEqual(['drawn at 0×0 px']);
    expect(r.plots[2].problems).toEqual(['no figure']);
    const img = picture(500, 500, { x: 20, y: 30, size: 150 });
    const [a, b] = checkScreenshot(img, checkDom(page('10,20,300,200'), ['a', 'b']).plots);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([
      'no <path> marks',
      'blank in the screenshot (ink 0.00%)',
      'no coloured marks in the screenshot (0.000%)',
    ]);
  });
});

describe('Chromium', () => {
  it('is asked for headless, sandbox-free, offline, with a fresh profile', () => {
    const flags = chromiumFlags('/tmp/p', 1300, 900);
    for (const f of [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--user-data-dir=/tmp/p',
      '--window-size=1300,900',
    ])
      expect(flags).toContain(f);
  });

  it('a missing binary is a clear error that says how to install it', () => {
    expect(() => requireChromium('/nonexistent/chromium')).toThrow(
      /^report:browser-test needs Chromium at \/nonexistent\/chromium, which is missing\. Install Debian's package \(apt-get update && apt-get install -y chromium\)/,
    );
  });
});
