package dev.vigil.tsdb;

import java.io.IOException;

/** The store contract with every commit flushed to blocks and the blocks merged as far as due. */
class CompactedTsdbContractTest extends FlushedTsdbContractTest {
  @Override
  void afterFlush() throws IOException {
    tsdb.compactBlocks();
  }
}
