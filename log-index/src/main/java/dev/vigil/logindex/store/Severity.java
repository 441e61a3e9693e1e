package dev.vigil.logindex.store;

/** A record's severity number and text: what its severity fields and stream labels depend on. */
record Severity(int number, String text) {}
