/**
 * {@code ./vigil demo}: the server with the demo workload, and the endpoint that injects incidents.
 */
package dev.vigil.server.demo;
