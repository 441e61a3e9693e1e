/**
 * Continuous evaluation: rule groups run on their interval against a {@link
 * dev.vigil.alert.QueryFunction}; recording rules write their results back as series, alerting
 * rules move alerts through inactive → pending → firing → resolved ({@code for}, {@code
 * keep_firing_for}) and hand state changes to a {@link dev.vigil.alert.eval.AlertNotifier}. Alert
 * labels and annotations are expanded by {@link dev.vigil.alert.template.GoTemplate}, the template
 * package's interpreter of Prometheus' Go templates.
 */
package dev.vigil.alert.eval;
