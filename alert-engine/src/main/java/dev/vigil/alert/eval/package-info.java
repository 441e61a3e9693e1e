/**
 * Continuous evaluation: rule groups run on their interval against a {@link
 * dev.vigil.alert.QueryFunction}; recording rules write their results back as series, alerting
 * rules move alerts through inactive → pending → firing → resolved ({@code for}, {@code
 * keep_firing_for}) and hand state changes to a {@link dev.vigil.alert.eval.AlertNotifier}.
 */
package dev.vigil.alert.eval;
