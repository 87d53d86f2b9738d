/**
 * The stand-in registries (X-Road security server and providers) of the HTTP bench in their own process, as a
 * real registry is another system: the bench server's CPU and memory are then its own (the stand-in also keeps
 * every message in its message log, which would grow inside the server). Prints `registries <url>`.
 */
import { startStandInRegistries } from "../stand-ins/server";

const standIns = await startStandInRegistries({ port: 0, host: "127.0.0.1" });
console.log(`registries ${standIns.url}`);
const stop = async () => {
  await standIns.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
