/**
 * Live tail: subscriptions that receive records matching a LogQL log query as they are
 * acknowledged, without waiting for the index refresh. Used by the server's Loki-compatible {@code
 * /loki/api/v1/tail} WebSocket; the API here is young and may change with it.
 */
package dev.vigil.logindex.tail;
