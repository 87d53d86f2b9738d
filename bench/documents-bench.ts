// PDF issue + seal: wall time per document, rendered alone and rendered + PAdES-sealed, in one run.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDocuments } from "../runtime/documents/documents";
import { signerFromKey } from "../runtime/documents/signing";
import { InMemoryDocumentStore } from "../runtime/documents/store";
import { developmentSealCredentials } from "../stand-ins";
import { median, type BenchRow } from "./measure";

const DATA = {
  orderId: "700001",
  fullName: "Коваленко Олена Іванівна",
  birthDate: "1990-04-12",
  type: "short",
  purpose: "5",
  content: "Станом на дату формування не знятої чи не погашеної судимості не має.",
  isCriminalRecord: false,
};

export async function benchDocuments(count = 30): Promise<BenchRow[]> {
  const { credentials } = await developmentSealCredentials("Bench authority", join(mkdtempSync(join(tmpdir(), "bench-seal-")), "trust-service"));
  const common = { signer: signerFromKey(generateKeyPairSync("ed25519").privateKey), publicBaseUrl: "https://civic.example.gov.ua" };
  const plain = createDocuments({ ...common, store: new InMemoryDocumentStore() });
  const sealed = createDocuments({ ...common, store: new InMemoryDocumentStore(), seal: async () => credentials });
  const request = { type: "criminal-record-certificate", data: DATA, holderId: "h", applicationId: "a" };
  const times = { plain: [] as number[], sealed: [] as number[] };
  for (let i = 0; i < count + 3; i++) {
    for (const [name, documents] of [["plain", plain], ["sealed", sealed]] as const) {
      const start = performance.now();
      await documents.issue(request);
      if (i >= 3) times[name].push(performance.now() - start); // the first three warm up
    }
  }
  const [render, total] = [median(times.plain), median(times.sealed)];
  return [
    { what: "documents: PDF issue + PAdES seal, ms per document", value: `${total.toFixed(1)} ms (render + register ${render.toFixed(1)} ms, seal ${(total - render).toFixed(1)} ms)`, target: "-", ok: true },
  ];
}
