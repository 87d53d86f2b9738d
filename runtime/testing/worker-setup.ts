// CIVIC_WORKER_SETUP for the multi-process tests: every registry is the loopback test double.
import { HttpRegistryConnector } from "./http-registry";

const url = process.env.TEST_REGISTRY_URL;
if (!url) throw new Error("TEST_REGISTRY_URL is not set");
export const connectors = { population: new HttpRegistryConnector(url) };
