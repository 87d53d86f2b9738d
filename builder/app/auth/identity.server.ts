/**
 * The identity providers citizens sign in with (BankID / Diia.ID style, an OAuth-like code flow). The portal
 * knows them only through this interface: the composition root (builder/server/app-runtime.ts) puts one in
 * the load context, the stand-in (stand-ins/identity-provider.ts) unless STAND_IN_IDENTITY=0. Without one,
 * the sign-in page says no provider is configured.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { CitizenProfile } from "./types";
import { switchedOff } from "../../../runtime";

export interface IdentityProviders {
  /** Each provider's name per language, by its id (the path segment of /id/<provider>/authorize). */
  providers: Record<string, { uk: string; en: string }>;
  /** Exchanges a one-time code from the provider's redirect for the person's claims (once, for its state only). */
  exchangeCode(code: string, state: string): CitizenProfile | undefined;
}

/** The demo provider lets anyone be anyone: a deployment with real people sets STAND_IN_IDENTITY=0. */
export const standInIdentityEnabled = (env: Record<string, string | undefined> = process.env) => !switchedOff(env.STAND_IN_IDENTITY);

/** The providers a citizen can choose from (none when none is configured). */
export const enabledProviders = (context: AppLoadContext): string[] => Object.keys(context.identity?.providers ?? {});

export const isProvider = (context: AppLoadContext, value: string): boolean => !!context.identity && Object.hasOwn(context.identity.providers, value);

export const providerName = (context: AppLoadContext, id: string, lang: "uk" | "en"): string => context.identity?.providers[id]?.[lang] ?? id;
