/** Demo fines of the register of administrative offences: resolution numbers like the real ones (series + 7 digits). */
import type { Person } from "./people";
import { seededRandom } from "./random";

export interface Fine {
  resolutionNumber: string;
  taxId: string;
  offenderName: string;
  offence: { article: string; description: string };
  vehiclePlate: string | null;
  issuedOn: string;
  amount: number;
  currency: "UAH";
  status: "UNPAID" | "PAID";
  paidAt: string | null;
  paymentId: string | null;
  department: string;
}

const OFFENCES = [
  { article: "ч. 1 ст. 122 КУпАП", description: "Перевищення швидкості більш як на 20 км/год", amount: 340 },
  { article: "ч. 3 ст. 122 КУпАП", description: "Порушення правил проїзду перехресть", amount: 510 },
  { article: "ч. 1 ст. 152-1 КУпАП", description: "Порушення правил паркування", amount: 340 },
  { article: "ч. 2 ст. 126 КУпАП", description: "Керування без посвідчення водія", amount: 3400 },
];

export function demoFines(people: Person[]): Fine[] {
  const random = seededRandom(4242);
  const fines: Fine[] = [];
  let serial = 1_204_417;
  const add = (person: Person, offenceIndex: number, status: Fine["status"], issuedOn: string) => {
    const offence = OFFENCES[offenceIndex];
    const name = person.name.uk;
    fines.push({
      resolutionNumber: `ЕНА ${serial++}`,
      taxId: person.taxId,
      offenderName: [name.lastName, name.firstName, name.middleName].filter(Boolean).join(" "),
      offence: { article: offence.article, description: offence.description },
      vehiclePlate: `AA${1000 + (serial % 9000)}BK`,
      issuedOn,
      amount: offence.amount,
      currency: "UAH",
      status,
      paidAt: status === "PAID" ? `${issuedOn}T12:00:00Z` : null,
      paymentId: status === "PAID" ? `PAY-${serial}` : null,
      department: "Департамент патрульної поліції",
    });
  };
  for (const person of people) {
    if (person.tags.includes("fines")) {
      add(person, 0, "UNPAID", "2025-10-01");
      add(person, 1, "UNPAID", "2025-11-03");
      add(person, 2, "PAID", "2024-02-11");
      continue;
    }
    if (person.tags.includes("minor") || !random.chance(0.25)) continue;
    add(person, random.int(0, OFFENCES.length - 1), random.chance(0.5) ? "PAID" : "UNPAID", `2025-0${random.int(1, 9)}-1${random.int(0, 9)}`);
  }
  return fines;
}
