/**
 * The Loki-compatible API over the log index: queries ({@code /loki/api/v1/query_range}, {@code
 * query}, {@code labels}, {@code label/<name>/values}, {@code series}), push (JSON and snappy
 * protobuf), live tail over WebSocket, with Loki's parameters and JSON shapes; plus Vigil's own log
 * lookup by trace id and the Lucene-syntax search under {@code /api/v1/logs/search}.
 */
package dev.vigil.server.loki;
