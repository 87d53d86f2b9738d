/**
 * The installed app's icons, drawn here as PNG (no binary files to keep in step with the theme): a white
 * document with a folded corner and three lines on the portal's accent blue. "any" icons have rounded corners;
 * "maskable" ones fill the square and keep the drawing inside the central 80 % circle that platforms crop to.
 */
import { deflateSync } from "node:zlib";
import { ICONS, type IconName } from "./app-manifest";

type Rgba = [number, number, number, number];
const BLUE: Rgba = [0x0b, 0x57, 0xd0, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const FOLD: Rgba = [0xc9, 0xd9, 0xf6, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Pixel colour at (x, y) of a size × size icon; coordinates in units of the size. */
function pixel(px: number, py: number, size: number, maskable: boolean): Rgba {
  const x = (px + 0.5) / size;
  const y = (py + 0.5) / size;
  if (!maskable) {
    // Rounded square: corners of radius 0.18 are transparent.
    const r = 0.18;
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return CLEAR;
  }
  // The document: 0.40 wide, 0.50 high, centred (inside the maskable safe circle of radius 0.40).
  const left = 0.3;
  const right = 0.7;
  const top = 0.25;
  const bottom = 0.75;
  const fold = 0.12;
  if (x < left || x > right || y < top || y > bottom) return BLUE;
  // The top right corner folded over: cut away above the diagonal, the flap below it.
  if (x > right - fold && y < top + fold) return x - (right - fold) > y - top ? BLUE : FOLD;
  for (const lineY of [0.45, 0.55, 0.65]) {
    const lineRight = lineY === 0.65 ? 0.55 : 0.62;
    if (Math.abs(y - lineY) < 0.018 && x > 0.38 && x < lineRight) return BLUE;
  }
  return WHITE;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of the icon. */
export function iconPng(size: number, maskable: boolean): Buffer {
  if (!Number.isInteger(size) || size < 16 || size > 1024) throw new Error(`Icon size must be an integer from 16 to 1024, not ${size}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y, size, maskable), row + 1 + x * 4);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", new Uint8Array())]);
}

const drawn = new Map<IconName, Buffer>();
export function icon(name: IconName): Buffer {
  let png = drawn.get(name);
  if (!png) drawn.set(name, (png = iconPng(ICONS[name].size, ICONS[name].maskable)));
  return png;
}

