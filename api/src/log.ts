/**
 * The process's log: pino, one JSON object per line for a log collector, pretty-printed when a person watches a
 * terminal. Request lines carry only what request-log.ts puts in them; errors are serialised by pino's own
 * serializer (message, type, stack), never with the request that caused them.
 */
import pino, { type Logger } from "pino";
import type { RequestLine } from "./http/request-log";
import type { PlatformLog } from "./platform";

export interface ProcessLog extends PlatformLog {
  error(e: unknown): void;
  request(line: RequestLine): void;
  logger: Logger;
}

export function processLog(options: { pretty: boolean; destination?: pino.DestinationStream }): ProcessLog {
  const logger = options.destination
    ? pino({ base: { service: "scf-ledger" } }, options.destination)
    : pino({
        base: { service: "scf-ledger" },
        ...(options.pretty && { transport: { target: "pino-pretty", options: { ignore: "pid,hostname,service", translateTime: "SYS:HH:MM:ss" } } }),
      });
  return {
    logger,
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (e) => logger.error({ err: e }, e instanceof Error ? e.message : "error"),
    request: (line) => logger.info(line, "request"),
  };
}
