package dev.vigil.promql.promqltest;

/** {@code clear}: drop every series loaded so far. */
public record ClearCommand(int line) implements ScriptCommand {}
