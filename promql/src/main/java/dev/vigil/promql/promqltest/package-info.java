/**
 * Prometheus' promqltest script files: {@link dev.vigil.promql.promqltest.ScriptParser} reads them
 * into records ({@code load}, {@code clear}, {@code eval} with {@code expect} lines and expected
 * results); {@link dev.vigil.promql.promqltest.ScriptRunner} runs them against the engine and
 * reports each eval as passed, failed or skipped (with the reason); {@link
 * dev.vigil.promql.promqltest.PromqlTestCommand} is the body of {@code vigil promqltest}. Native
 * histogram values are recorded as unsupported.
 */
package dev.vigil.promql.promqltest;
