/** `execsim/bybit`: Bybit v5 market data: the kline REST client and parser, and order-book recordings. */
export {
  BybitKlineClient,
  DEFAULT_BYBIT_BASE_URL,
  type FetchKlinesOptions,
  type FetchSummary,
  fetchKlinesIntoStore,
  type KlineClientOptions,
  type KlinePageRequest,
  validateFetchOptions,
} from "./market/bybit-kline-client.js";
export {
  dropOpenCandles,
  hintForRetCode,
  isOpenCandle,
  KLINE_FIELDS,
  type ParsedKlineResponse,
  type ParseKlineOptions,
  parseKlineResponse,
  parseKlineResponseText,
} from "./market/bybit-kline-parse.js";
export {
  type BybitOrderbookRecording,
  cumulativeDepthAt,
  parseBybitOrderbookRecording,
  readBybitOrderbookRecording,
  snapshotMidSpread,
} from "./market/bybit-orderbook-recording.js";
