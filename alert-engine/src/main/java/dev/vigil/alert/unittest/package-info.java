/**
 * Rule unit tests in {@code promtool test rules}' format ({@code vigil rules test FILE…}): input
 * series in promqltest's expansion notation, rules evaluated step by step by the real evaluator,
 * expected alerts and expression results compared. Plain Java; the server supplies the PromQL
 * engine as a {@link dev.vigil.alert.QueryFunction}.
 */
package dev.vigil.alert.unittest;
