/**
 * The Vigil process: wires the collector, the fan-out and the stores, and serves the HTTP API with
 * Micronaut. The only module that knows every other one; Micronaut stays inside it.
 */
package dev.vigil.server;
