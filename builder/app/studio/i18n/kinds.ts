/** Step kinds' names and help in the studio's language, from each kind's engine module (engine/steps/<kind>.ts palette). */
import { engineSteps, type StepKind } from "../../../../engine";
import type { Lang } from "../../i18n/lang";

const palette = (kind: unknown) => (typeof kind === "string" && Object.hasOwn(engineSteps, kind) ? engineSteps[kind as StepKind].palette : undefined);

export const kindLabel = (kind: unknown, lang: Lang): string => palette(kind)?.label[lang] ?? String(kind ?? "?");
export const kindHelp = (kind: unknown, lang: Lang): string => palette(kind)?.help[lang] ?? "";
