/**
 * The Content-Security-Policy nonce of the response being rendered (builder/server/security-headers.ts), for
 * the scripts root.tsx renders. Set by entry.server.tsx; in the browser it is empty (browsers hide nonces).
 */
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
