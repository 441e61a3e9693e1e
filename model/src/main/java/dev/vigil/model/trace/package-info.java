/** Spans with their events, links and status: the model of OTLP traces. */
package dev.vigil.model.trace;
