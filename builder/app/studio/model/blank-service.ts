/** The YAML a new blank service starts from: valid in shape, with nothing in it yet. */
export function blankServiceSource(id: string): string {
  return `# yaml-language-server: $schema=../../engine/service-definition.schema.json
schemaVersion: 1
id: ${id}
title: { uk: Нова послуга, en: New service }
languages: [uk, en]
owner: Міністерство
start: ""
steps: {}
`;
}
