package dev.vigil.logindex.translog;

import java.io.IOException;

/** Receives replayed translog records in order. */
@FunctionalInterface
public interface TranslogVisitor {
  void record(long position, byte[] payload) throws IOException;
}
