/** The property panel's form library (@rjsf) in the studio's language: its translateString for Form. */
import { englishStringTranslator, replaceStringParameters, TranslatableString } from "@rjsf/utils";
import type { Lang } from "../../i18n/lang";

const UK: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: "Елемент",
  [TranslatableString.EmptyArray]: "Поки порожньо. Додайте кнопкою нижче.",
  [TranslatableString.YesLabel]: "Так",
  [TranslatableString.NoLabel]: "Ні",
  [TranslatableString.CloseLabel]: "Закрити",
  [TranslatableString.ErrorsLabel]: "Помилки",
  [TranslatableString.NewStringDefault]: "Нове значення",
  [TranslatableString.AddButton]: "Додати",
  [TranslatableString.AddItemButton]: "Додати елемент",
  [TranslatableString.CopyButton]: "Копіювати",
  [TranslatableString.MoveDownButton]: "Перемістити вниз",
  [TranslatableString.MoveUpButton]: "Перемістити вгору",
  [TranslatableString.RemoveButton]: "Вилучити",
  [TranslatableString.NowLabel]: "Зараз",
  [TranslatableString.ClearLabel]: "Очистити",
  [TranslatableString.AriaDateLabel]: "Оберіть дату",
  [TranslatableString.PreviewLabel]: "Перегляд",
  [TranslatableString.DecrementAriaLabel]: "Зменшити на 1",
  [TranslatableString.IncrementAriaLabel]: "Збільшити на 1",
  [TranslatableString.OptionalObjectAdd]: "Додати дані необов'язкового поля",
  [TranslatableString.OptionalObjectRemove]: "Вилучити дані необов'язкового поля",
  [TranslatableString.OptionalObjectEmptyMsg]: "Немає даних необов'язкового поля",
  [TranslatableString.Type]: "Тип",
  [TranslatableString.Value]: "Значення",
  [TranslatableString.ClearButton]: "очистити поле",
  [TranslatableString.OptionPrefix]: "Варіант %1",
  [TranslatableString.TitleOptionPrefix]: "%1, варіант %2",
  [TranslatableString.KeyLabel]: "%1: ключ",
};

/** rjsf's texts (buttons, empty lists, yes/no) in the language; anything not translated stays English. */
export function rjsfTranslator(lang: Lang) {
  return (key: TranslatableString, params?: string[]): string => {
    const own = lang === "uk" ? UK[key] : undefined;
    return own ? replaceStringParameters(own, params) : englishStringTranslator(key, params);
  };
}
