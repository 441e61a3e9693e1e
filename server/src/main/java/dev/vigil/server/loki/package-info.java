/**
 * The Loki-compatible query API over the log index ({@code /loki/api/v1/query_range}, {@code
 * query}, {@code labels}, {@code label/<name>/values}, {@code series}) with Loki's parameters and
 * JSON shapes, plus Vigil's log lookup by trace id.
 */
package dev.vigil.server.loki;
