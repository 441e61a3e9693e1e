/**
 * The binary encoding of spans with their resource and scope, shared by the write-ahead log and the
 * segment blocks. Internal to the trace store; the byte layouts are specified in FORMAT.md.
 */
package dev.vigil.tracestore.codec;
