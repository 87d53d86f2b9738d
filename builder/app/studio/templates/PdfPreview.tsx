/**
 * The template's real PDF, drawn in the page with pdfjs-dist: one <canvas> per page. pdf.js parses in its
 * worker, a module served from our own origin (Vite's ?url), which the Content-Security-Policy's
 * worker-src 'self' allows. Loaded in the browser only, on first use.
 */
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import { useEffect, useRef, useState } from "react";
import { useStudioT } from "../i18n/useStudioT";

type PdfJs = typeof import("pdfjs-dist");
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist").then((module) => {
    module.GlobalWorkerOptions.workerSrc = workerUrl;
    return module;
  });
  return pdfjs;
}

export function PdfPreview({ pdf, width = 560 }: { pdf: ArrayBuffer | null; width?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const { t } = useStudioT();

  useEffect(() => {
    if (!pdf || !container.current) return;
    let cancelled = false;
    const target = container.current;
    (async () => {
      try {
        const { getDocument } = await loadPdfJs();
        const document = await getDocument({ data: new Uint8Array(pdf.slice(0)), isEvalSupported: false }).promise;
        const canvases: HTMLCanvasElement[] = [];
        for (let n = 1; n <= document.numPages; n++) {
          const page = await document.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const ratio = window.devicePixelRatio || 1;
          const viewport = page.getViewport({ scale: (width / base.width) * ratio });
          const canvas = window.document.createElement("canvas");
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", t("pageOf", { n, total: document.numPages }));
          canvas.dataset.page = String(n);
          await page.render({ canvas, viewport }).promise;
          canvases.push(canvas);
        }
        await document.destroy();
        if (cancelled) return;
        target.replaceChildren(...canvases);
        setPages(canvases.length);
        setError(null);
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [pdf, width, t]);

  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-pages={pages}>
      {error && (
        <p role="alert" className="error-text">
          {t("tplPreviewFailed", { error })}
        </p>
      )}
      <div ref={container} className="pdf-pages" />
    </div>
  );
}
