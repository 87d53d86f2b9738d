/** Element ids and HTML names of generated form fields (browser-safe, shared with the server's parser). */
export const ID_PREFIX = "answers";

/** rjsf's id of the field at `path` (idSeparator "_"). */
export const fieldId = (path: (string | number)[]) => [ID_PREFIX, ...path.map(String)].join("_");

/** The HTML name rjsf's bracketNameGenerator gives the field at `path`: answers[birthPlace][city]. */
export const fieldName = (path: (string | number)[]) => ID_PREFIX + path.map((p) => `[${p}]`).join("");
