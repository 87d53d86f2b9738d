/**
 * Starts the stand-in registries: one node:http server acting as an X-Road security server in front of the
 * population register, criminal records, drivers, fines, IDP and civil registries.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { AccessRights, defaultAccessRights, type AccessRight } from "./access-rights";
import { Faults, validateFault, type FaultRule } from "./faults";
import { MessageLog } from "./message-log";
import type { Provider } from "./provider";
import { civilRegistryProvider } from "./providers/civil-registry";
import { criminalRecordsProvider } from "./providers/criminal-records";
import { driversProvider } from "./providers/drivers";
import { finesProvider } from "./providers/fines";
import { idpProvider } from "./providers/idp";
import { populationProvider } from "./providers/population";
import { createSecurityServer } from "./security-server";
import { RegistryState } from "./state";
import { DEFAULT_CLIENT, LIMITED_CLIENT } from "./access-rights";

export interface StandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default: the stand-ins hold demo personal data and test controls. */
  host?: string;
  /** Faults that apply from the start (latency, errors…). */
  faults?: FaultRule[];
  /** Access rights; by default our runtime's client may call everything and a portal client only getPerson. */
  accessRights?: AccessRight[];
  legacyErrorCodes?: boolean;
  disabledServices?: string[];
  /**
   * Test-only controls: the X-Stand-In-Fault request header and the /__stand-in/ endpoints
   * (faults, message log). Never enable them where the stand-in is reachable by others.
   */
  testControls?: boolean;
  /** The registries' clock (delayed certificates); Date.now by default. */
  now?: () => number;
  certificateDelayMs?: number;
  /**
   * HTTPS with client authentication, as a security server's "HTTPS" connection type: PEM certificate and
   * key of the server, and the CA whose client certificates are accepted.
   */
  tls?: { cert: string; key: string; ca: string };
}

export interface StandInRegistries {
  url: string;
  port: number;
  log: MessageLog;
  faults: Faults;
  state: RegistryState;
  providers: Provider[];
  close(): Promise<void>;
}

export async function startStandInRegistries(options: StandInOptions = {}): Promise<StandInRegistries> {
  const state = new RegistryState({ now: options.now, certificateDelayMs: options.certificateDelayMs });
  const providers = [
    populationProvider(state),
    criminalRecordsProvider(state),
    driversProvider(state),
    finesProvider(state),
    idpProvider(state),
    civilRegistryProvider(state),
  ];
  const log = new MessageLog();
  const faults = new Faults(options.faults);
  const accessRights = new AccessRights(options.accessRights ?? defaultAccessRights(state.services));
  const securityServer = createSecurityServer({
    providers,
    accessRights,
    faults,
    log,
    legacyErrorCodes: options.legacyErrorCodes,
    testControls: options.testControls,
    disabledServices: options.disabledServices,
  });

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const body = await readBody(req);
      const path = (req.url ?? "/").split("?")[0];
      if (path === "/listClients") return listClients(req, res, providers);
      if (path.startsWith("/__stand-in/")) {
        if (!options.testControls) return sendJson(res, 404, { error: "notFound" });
        return control(req, res, path, body, { faults, log });
      }
      await securityServer(req, res, body);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { type: "server.clientproxy.internal_error", message: (error as Error).message });
    }
  };
  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls, requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" }, handler)
    : createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${address.port}`,
    port: address.port,
    log,
    faults,
    state,
    providers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // Hanging requests (fault "hang") would otherwise keep it open.
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Demo members (not the bodies' real codes). */
const MEMBER_NAMES: Record<string, string> = {
  "10000000": "civic-flow operator (demo)",
  "10000001": "Державна міграційна служба (demo)",
  "10000002": "Міністерство внутрішніх справ (demo)",
  "10000003": "Міністерство соціальної політики (demo)",
  "10000004": "Міністерство юстиції (demo)",
  "10000009": "Demo portal operator",
};

/** PR-META listClients: members and subsystems known to the stand-in (JSON when asked, else XML). */
function listClients(req: IncomingMessage, res: ServerResponse, providers: Provider[]) {
  const members = new Map<string, { id: Record<string, string>; name: string; subsystem_name?: string }>();
  const add = (id: string, name: string) => {
    const [instance, memberClass, memberCode, subsystemCode] = id.split("/");
    members.set(`${instance}/${memberClass}/${memberCode}`, {
      id: { member_class: memberClass, member_code: memberCode, object_type: "MEMBER", xroad_instance: instance },
      name: MEMBER_NAMES[memberCode] ?? name,
    });
    if (subsystemCode) {
      members.set(id, {
        id: { member_class: memberClass, member_code: memberCode, subsystem_code: subsystemCode, object_type: "SUBSYSTEM", xroad_instance: instance },
        name,
        subsystem_name: name,
      });
    }
  };
  for (const provider of providers) {
    const { instance, memberClass, memberCode, subsystemCode } = provider.service;
    add(`${instance}/${memberClass}/${memberCode}/${subsystemCode}`, provider.title);
  }
  add(DEFAULT_CLIENT, "civic-flow runtime");
  add(LIMITED_CLIENT, "Demo portal");
  const wanted = new URL(req.url ?? "/", "http://x").searchParams.get("xRoadInstance");
  const member = [...members.values()].filter((m) => !wanted || m.id.xroad_instance === wanted);
  if (/json/i.test(req.headers.accept ?? "")) return sendJson(res, 200, { member });
  res.statusCode = 200;
  res.setHeader("content-type", "text/xml;charset=utf-8");
  res.end(
    "<clientList>" +
      member.map((m) => `<member><id>${Object.entries(m.id).map(([k, v]) => `<${k}>${v}</${k}>`).join("")}</id><name>${m.name}</name></member>`).join("") +
      "</clientList>",
  );
}

/** Test controls: GET|POST|DELETE /__stand-in/faults, GET|DELETE /__stand-in/log. */
function control(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer, ctx: { faults: Faults; log: MessageLog }) {
  if (path === "/__stand-in/faults") {
    if (req.method === "GET") return sendJson(res, 200, { faults: ctx.faults.list() });
    if (req.method === "DELETE") {
      ctx.faults.clear();
      return sendJson(res, 200, { faults: [] });
    }
    if (req.method === "POST") {
      try {
        const parsed = JSON.parse(body.toString("utf8")) as FaultRule | FaultRule[];
        const rules = Array.isArray(parsed) ? parsed : [parsed];
        rules.forEach(validateFault);
        rules.forEach((rule) => ctx.faults.add(rule));
        return sendJson(res, 201, { faults: ctx.faults.list() });
      } catch (error) {
        return sendJson(res, 400, { error: "badFault", message: (error as Error).message });
      }
    }
  }
  if (path === "/__stand-in/log") {
    if (req.method === "DELETE") {
      ctx.log.clear();
      return sendJson(res, 200, { entries: [] });
    }
    return sendJson(res, 200, { entries: ctx.log.entries() });
  }
  return sendJson(res, 404, { error: "notFound" });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json;charset=utf-8");
  res.end(JSON.stringify(body));
}
