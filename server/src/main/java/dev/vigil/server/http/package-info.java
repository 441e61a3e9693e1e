/**
 * Micronaut HTTP endpoints of the server's own: health, readiness, Vigil's metrics, and the access
 * filter every API request passes. Query APIs of the stores are added beside these.
 */
package dev.vigil.server.http;
