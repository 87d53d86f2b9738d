/**
 * RNOKPP, the Ukrainian taxpayer number: 5 digits of days since 1899-12-31 (the birth date), 3 serial digits,
 * a gender digit (odd: male) and a check digit. Demo numbers are built the real way so that validators accept them.
 */
const WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
const EPOCH = Date.UTC(1899, 11, 31);

export function rnokppCheckDigit(firstNine: string): number {
  const sum = WEIGHTS.reduce((total, weight, index) => total + weight * Number(firstNine[index]), 0);
  return (((sum % 11) + 11) % 11) % 10;
}

export function makeRnokpp(birthDate: string, serial: number, gender: "MALE" | "FEMALE"): string {
  const days = Math.round((Date.parse(birthDate + "T00:00:00Z") - EPOCH) / 86_400_000);
  const serialDigits = String(serial % 1000).padStart(3, "0");
  const genderDigit = gender === "MALE" ? 2 * (serial % 5) + 1 : 2 * (serial % 5);
  const firstNine = String(days).padStart(5, "0") + serialDigits + genderDigit;
  return firstNine + rnokppCheckDigit(firstNine);
}

export function isValidRnokpp(value: string): boolean {
  return /^\d{10}$/.test(value) && rnokppCheckDigit(value.slice(0, 9)) === Number(value[9]);
}
