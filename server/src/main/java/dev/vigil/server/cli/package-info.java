/** The {@code vigil} command line (picocli): {@code serve} and the commands added beside it. */
package dev.vigil.server.cli;
