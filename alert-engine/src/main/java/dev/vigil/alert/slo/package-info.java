/**
 * Vigil's SLO model (what Sloth and OpenSLO files are read into), the generation of
 * Sloth-compatible Prometheus rules from it, and the burn-rate arithmetic of the SRE Workbook.
 * Plain Java, no I/O; the records are stable API, the generator's output follows Sloth's rule names
 * and labels.
 */
package dev.vigil.alert.slo;
