package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.ExemplarSample;
import dev.vigil.model.series.ExemplarStore;
import dev.vigil.model.series.ExemplarStoreContract;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exemplar contract with the head cut into blocks after every commit: the series an exemplar
 * belongs to leaves the head (its samples are in blocks) while its exemplars stay queryable, and
 * the next exemplar of the same labels creates the series again.
 */
class FlushedTsdbExemplarContractTest extends ExemplarStoreContract {
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
  protected ExemplarStore store() {
    return tsdb;
  }

  @Override
  protected SeriesAppender appender() {
    SeriesAppender delegate = tsdb.appender();
    return new SeriesAppender() {
      @Override
      public void append(Tenant tenant, Labels labels, long timestamp, double value) {
        delegate.append(tenant, labels, timestamp, value);
      }

      @Override
      public void appendExemplar(Tenant tenant, Labels labels, ExemplarSample exemplar) {
        delegate.appendExemplar(tenant, labels, exemplar);
      }

      @Override
      public void commit() throws IOException {
        delegate.commit();
        tsdb.flushHead();
      }

      @Override
      public void rollback() {
        delegate.rollback();
      }
    };
  }
}
