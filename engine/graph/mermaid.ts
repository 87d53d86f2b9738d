import type { ServiceDefinition } from "../definition/schema";
import { localize } from "../definition/text";
import { stepModule } from "../steps";
import { stepEdges } from "./edges";

const escape = (text: string) => text.replace(/"/g, "#quot;").replace(/\n/g, " ");

/** A Mermaid flowchart of the service: shapes by step kind, edges labelled with their outcome. */
export function toMermaid(definition: ServiceDefinition, language = definition.languages[0]): string {
  const lines = ["flowchart TD", `  start(( )) --> ${definition.start}`];
  for (const [id, step] of Object.entries(definition.steps)) {
    const [open, close] = stepModule(step).palette.shape;
    const title = step.title ? localize(step.title, language) : id;
    lines.push(`  ${id}${open}"${escape(`${title}`)}<br/><small>${step.kind}</small>"${close}`);
  }
  for (const [id, step] of Object.entries(definition.steps)) {
    for (const edge of stepEdges(id, step)) {
      const label = edge.label === "next" ? "" : `|"${escape(edge.label)}"|`;
      lines.push(`  ${id} -->${label} ${edge.to}`);
    }
  }
  return lines.join("\n") + "\n";
}
