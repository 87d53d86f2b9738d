/**
 * The YAML a new service starts from: valid as it stands (the validator finds no problems), so the
 * analyst starts from a working service rather than from errors. A start form with one optional field,
 * connected to an End whose outcome is "approved". Step ids form1 and final1 are what the palette would
 * have named them.
 */
export function blankServiceSource(id: string): string {
  return `# yaml-language-server: $schema=../../engine/service-definition.schema.json
schemaVersion: 1
id: ${id}
title: { uk: Нова послуга, en: New service }
languages: [uk, en]
owner: { uk: Міністерство, en: Ministry }
start: form1
steps:
  form1:
    kind: form
    title: { uk: Заява, en: Application }
    schema:
      type: object
      required: []
      properties:
        comment: { type: string, maxLength: 500, title: { uk: Коментар, en: Comment } }
    next: final1
  final1:
    kind: final
    title: { uk: Кінець, en: End }
    outcome: approved
    message: { uk: Готово, en: Done }
`;
}
