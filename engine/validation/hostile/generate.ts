/**
 * Hostile definitions too big to keep as files, generated for the tests: a long chain of steps, a loop
 * of diamonds (exponentially many paths), deep nesting.
 */

/**
 * A chain of `size` steps in compact YAML, the shape that made parsing and validation quadratic:
 * mostly notifications, a decision every 10 steps, a form and a registry call every 50, then a final step.
 */
export function chainText(size: number): string {
  const lines = ["schemaVersion: 1", "id: long-chain", "title: Long chain", "languages: [en]", "owner: Test", "start: s0", "steps:"];
  for (let i = 0; i < size - 1; i++) {
    const next = i + 1 < size - 1 ? `s${i + 1}` : "done";
    const form = `s${i - (i % 50)}`;
    if (i % 50 === 0) lines.push(`  s${i}: {kind: form, schema: {type: object, required: [n], properties: {n: {type: integer}}}, next: ${next}}`);
    else if (i % 50 === 1) lines.push(`  s${i}: {kind: registry, registry: population, operation: getPerson, input: {taxId: applicant.taxId}, on: {found: ${next}, notFound: done, error: done}}`);
    else if (i % 10 === 5) lines.push(`  s${i}: {kind: decision, branches: [{when: "${form}.n > 1", next: ${next}}], otherwise: done}`);
    else lines.push(`  s${i}: {kind: notification, message: Hi, next: ${next}}`);
  }
  lines.push("  done: {kind: final, outcome: approved}");
  return lines.join("\n") + "\n";
}

/** `count` diamonds in a loop: 2^count simple paths, and the only way out is at the start. */
export function diamondLoopText(count: number): string {
  const lines = ["schemaVersion: 1", "id: diamonds", "title: Diamonds", "languages: [en]", "owner: Test", "start: d0", "steps:"];
  for (let i = 0; i < count; i++) {
    const join = i + 1 < count ? `d${i + 1}` : "d0";
    lines.push(`  d${i}: {kind: decision, branches: [{when: "true", next: a${i}}, {when: "false", next: done}], otherwise: b${i}}`);
    lines.push(`  a${i}: {kind: notification, message: A, next: ${join}}`);
    lines.push(`  b${i}: {kind: notification, message: B, next: ${join}}`);
  }
  lines.push("  done: {kind: final, outcome: approved}");
  return lines.join("\n") + "\n";
}
