/**
 * Serves the dashboard: the files the {@code ui/} module built into the classpath under {@code
 * vigil-ui/}, at {@code /} and {@code /assets/}. Client routes live in the URL fragment, so no API
 * path is ever shadowed.
 */
package dev.vigil.server.ui;
