/** Shapes the editor shares between its parts (plain data, as the route's loader sends them). */
import type { Catalog } from "../../../../engine";

export interface DraftScenario {
  name: string;
  text: string;
}

export interface EditorDraft {
  id: string;
  serviceId: string;
  title: string;
  version: number;
  basedOn: number | null;
  updatedBy: string;
  source: string;
  scenarios: DraftScenario[];
}

export interface EditorProps {
  draft: EditorDraft;
  catalog: Catalog;
  analyst: string;
  versions: { number: number; publishedAt: string }[];
  /** The session's CSRF token, sent with every change (X-CSRF-Token). */
  csrf: string;
}
