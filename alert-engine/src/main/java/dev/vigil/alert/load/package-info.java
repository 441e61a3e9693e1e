/**
 * Reading rule directories: Sloth, OpenSLO and Prometheus rule files told apart by content,
 * validated with every problem reported as {@code file:line: field: message}, turned into rule
 * groups. {@link dev.vigil.alert.load.RuleLoader}, {@link dev.vigil.alert.load.LoadedRules} and
 * {@link dev.vigil.alert.load.RulesCheck} are the public face; the per-format readers are
 * package-private.
 */
package dev.vigil.alert.load;
