/**
 * A loopback HTTP server (127.0.0.1, port 0) that answers GET /v5/market/kline like Bybit v5:
 * rows with start <= startTime <= end, the newest `limit` of them, newest first, as strings, in the
 * documented envelope. Tests script failures per request (HTTP status, retCode, dropped socket)
 * and read back every request it saw.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Candle } from "../../src/core/market-types.js";
import { klineRow } from "./bybit-fixtures.js";

export type Scripted =
  | { kind: "ok" }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  | { kind: "retCode"; retCode: number; retMsg: string; headers?: Record<string, string> }
  | { kind: "drop" } // destroy the socket without answering
  | { kind: "garbage" } // 200 with a truncated JSON body
  | { kind: "rows"; rows: string[][] }; // 200 with these rows verbatim

export interface SeenRequest {
  path: string;
  query: Record<string, string>;
}

export interface KlineTestServer {
  baseUrl: string;
  seen: SeenRequest[];
  /** Responses to give, in order; when empty, every request is answered "ok". */
  script: Scripted[];
  /** The server `time` to put in responses. */
  timeMs: number;
  /** Extra headers on ok responses. */
  okHeaders: Record<string, string>;
  close(): Promise<void>;
}

export async function startKlineServer(
  truth: readonly Candle[],
  meta: { symbol?: string; category?: string; timeMs?: number } = {},
): Promise<KlineTestServer> {
  const state: KlineTestServer = {
    baseUrl: "",
    seen: [],
    script: [],
    timeMs: meta.timeMs ?? Date.UTC(2030, 0, 1),
    okHeaders: {},
    close: async () => {},
  };
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    state.seen.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) });
    const step = state.script.shift() ?? { kind: "ok" };
    if (step.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (step.kind === "status") return send(res, step.status, step.body ?? "error", step.headers);
    if (step.kind === "garbage") return send(res, 200, '{"retCode":0,"result":{"list":[["17');
    if (step.kind === "retCode") {
      return send(
        res,
        200,
        JSON.stringify({
          retCode: step.retCode,
          retMsg: step.retMsg,
          result: {},
          retExtInfo: {},
          time: state.timeMs,
        }),
        step.headers,
      );
    }
    if (url.pathname !== "/v5/market/kline") return send(res, 404, "not found");
    const q = state.seen[state.seen.length - 1]!.query;
    let rows: string[][];
    if (step.kind === "rows") rows = step.rows;
    else {
      const start = Number(q.start ?? 0);
      const end = Number(q.end ?? Number.MAX_SAFE_INTEGER);
      const limit = Number(q.limit ?? 200);
      const inRange = truth.filter((c) => c.openTimeMs >= start && c.openTimeMs <= end);
      rows = inRange.slice(-limit).reverse().map(klineRow);
    }
    const body = {
      retCode: 0,
      retMsg: "OK",
      result: { symbol: meta.symbol ?? q.symbol, category: meta.category ?? q.category, list: rows },
      retExtInfo: {},
      time: state.timeMs,
    };
    send(res, 200, JSON.stringify(body), state.okHeaders);
  };
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
