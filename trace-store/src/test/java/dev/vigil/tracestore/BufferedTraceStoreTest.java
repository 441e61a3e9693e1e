package dev.vigil.tracestore;

/** The contract with every span still in the write buffer: in-memory evaluation. */
class BufferedTraceStoreTest extends TraceStoreContract {
  @Override
  void afterAppend(TraceStore store) {}
}
