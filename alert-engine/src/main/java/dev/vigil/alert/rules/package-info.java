/**
 * Prometheus rule groups as values: what a {@code groups:} rule file holds and what SLO generation
 * produces, plus a checker for the Go-template syntax of labels and annotations. Immutable records;
 * stable API.
 */
package dev.vigil.alert.rules;
