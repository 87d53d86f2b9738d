/** The installable app: the manifest Chromium needs, icons that are real PNGs of their stated sizes, the worker script. */
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ICONS, isIconName, THEME_COLOR, webAppManifest } from "./app-manifest";
import { crc32, icon, iconPng } from "./icons.server";
import { bundleServiceWorker } from "./vite-plugin";

/** Reads a PNG's chunks, checking each one's CRC. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const body = png.subarray(at + 4, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), "CRC").toBe(crc32(body));
    out.push({ type: body.subarray(0, 4).toString("ascii"), data: body.subarray(4) });
    at += 12 + length;
  }
  return out;
}

/** The RGBA of pixel (x, y). */
function pixel(png: Buffer, x: number, y: number): number[] {
  const parts = chunks(png);
  const size = parts[0].data.readUInt32BE(0);
  const raw = inflateSync(Buffer.concat(parts.filter((c) => c.type === "IDAT").map((c) => c.data)));
  const at = y * (size * 4 + 1) + 1 + x * 4;
  return [...raw.subarray(at, at + 4)];
}

describe("web app manifest and icons", () => {
  it("has what Chromium's installability asks for: name, start URL, standalone, 192 and 512 px PNG icons", () => {
    const manifest = webAppManifest();
    expect(manifest).toMatchObject({ name: "civic-flow", short_name: "civic-flow", start_url: "/documents", scope: "/", display: "standalone", theme_color: THEME_COLOR });
    const sizes = manifest.icons.filter((i) => i.purpose === "any").map((i) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    expect(manifest.icons.some((i) => i.purpose === "maskable" && i.sizes === "512x512")).toBe(true);
    for (const i of manifest.icons) expect(isIconName(i.src.replace("/icons/", "")), i.src).toBe(true);
  });

  it("draws each icon as a valid RGBA PNG of its size", () => {
    for (const [name, { size }] of Object.entries(ICONS)) {
      const parts = chunks(icon(name as keyof typeof ICONS));
      expect(parts.map((c) => c.type), name).toEqual(["IHDR", "IDAT", "IEND"]);
      expect([parts[0].data.readUInt32BE(0), parts[0].data.readUInt32BE(4), parts[0].data[8], parts[0].data[9]], name).toEqual([size, size, 8, 6]);
    }
  });

  it("rounds the corners of an 'any' icon and fills a maskable one to the edge; the document sits in the centre", () => {
    expect(pixel(iconPng(64, false), 0, 0)[3]).toBe(0);
    expect(pixel(iconPng(64, true), 0, 0)).toEqual([0x0b, 0x57, 0xd0, 255]);
    expect(pixel(iconPng(64, true), 22, 22)).toEqual([255, 255, 255, 255]);
  });

  it("refuses a size it cannot draw", () => {
    expect(() => iconPng(0, false)).toThrow(/16 to 1024/);
    expect(() => iconPng(12.5, true)).toThrow(/16 to 1024/);
  });
});

describe("service worker script", () => {
  it("bundles into one classic script: no imports or exports left, the worker's events wired", async () => {
    const code = await bundleServiceWorker(false);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    for (const event of ['"install"', '"activate"', '"fetch"', '"message"']) expect(code).toContain(event);
    expect(code).toContain("x-offline-owner");
  });
});
