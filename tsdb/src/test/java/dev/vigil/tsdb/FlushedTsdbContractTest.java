package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.model.series.SeriesStoreContract;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract with every commit flushed from the head into blocks, so reads come from blocks
 * (several overlapping ones for a series committed in parts) merged with an empty head.
 */
class FlushedTsdbContractTest extends SeriesStoreContract {
  @TempDir Path dir;
  Tsdb tsdb;

  @BeforeEach
  void open() throws Exception {
    tsdb = TsdbTesting.open(dir);
  }

  @AfterEach
  void close() throws Exception {
    tsdb.close();
  }

  @Override
  protected boolean offersRuns() {
    return true;
  }

  @Override
  protected SeriesStore store() {
    return tsdb;
  }

  /** Hook for subclasses: runs after each flush. */
  void afterFlush() throws IOException {}

  @Override
  protected SeriesAppender appender() {
    SeriesAppender delegate = tsdb.appender();
    return new SeriesAppender() {
      @Override
      public void append(Tenant tenant, Labels labels, long timestamp, double value) {
        delegate.append(tenant, labels, timestamp, value);
      }

      @Override
      public void commit() throws IOException {
        delegate.commit();
        tsdb.flushHead();
        if (tsdb.headChunkBytes() != 0) {
          throw new AssertionError(
              "the flush left " + tsdb.headChunkBytes() + " chunk bytes in the head");
        }
        afterFlush();
      }

      @Override
      public void rollback() {
        delegate.rollback();
      }
    };
  }
}
