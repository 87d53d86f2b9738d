/** Bounds that keep hostile definitions, expressions and answers from crashing or stalling the engine. */

/** How deeply a definition's maps and lists may nest (a form schema needs a few dozen at most). */
export const MAX_NESTING = 100;

/** Comprehension iterations (`all`, `exists`, `map`, `filter`…) one evaluation of an expression may run. */
export const MAX_EXPRESSION_ITERATIONS = 100_000;

/** How deeply an expression may nest (parentheses, lists, operators). */
export const MAX_EXPRESSION_NESTING = 50;
