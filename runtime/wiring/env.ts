/** A switch in the environment that is on unless set to 0, false, no or off (STAND_INS, PAYMENT_STAND_IN…). */
export const switchedOff = (value: string | undefined): boolean => ["0", "false", "no", "off"].includes((value ?? "").toLowerCase());
