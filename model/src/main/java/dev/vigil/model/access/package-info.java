/**
 * Who may come in and as which tenant: the one rule every listener (OTLP gRPC and HTTP, query API,
 * UI) applies, so that authentication and tenancy cannot differ between entry points.
 */
package dev.vigil.model.access;
