package dev.vigil.tracestore;

/** The contract with every span in segments: block reads and the Lucene index. */
class FlushedTraceStoreTest extends TraceStoreContract {
  @Override
  void afterAppend(TraceStore store) throws Exception {
    store.flush();
  }
}
