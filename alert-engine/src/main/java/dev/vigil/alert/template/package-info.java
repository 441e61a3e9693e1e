/**
 * An interpreter of Go's {@code text/template} dialect as Prometheus expands alert labels and
 * annotations: the lexer and parser (also the load-time syntax check), the tree walker, Go's {@code
 * fmt} printing, Go's builtin functions and Prometheus' template functions. {@link
 * dev.vigil.alert.template.GoTemplate} is the public face; everything else is package-private. Go's
 * quoting and duration syntax come from the PromQL parser's ({@code GoQuote}, {@code
 * DurationSyntax}), the one implementation of each in the project.
 */
package dev.vigil.alert.template;
