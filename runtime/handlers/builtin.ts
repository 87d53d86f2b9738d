import { ageCheck } from "./age-check";
import { feeCalculation } from "./fee-calculation";

/** The handlers shipped with the runtime. */
export const builtinHandlers = [feeCalculation, ageCheck];
