package dev.vigil.tsdb.head;

import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.model.series.SeriesStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class HeadContractTest extends SeriesStoreContract {
  @TempDir Path dir;
  private Head head;

  @BeforeEach
  void open() throws Exception {
    head = Head.open(dir.resolve("wal"), HeadOptions.DEFAULT);
  }

  @AfterEach
  void close() throws Exception {
    head.close();
  }

  @Override
  protected boolean offersRuns() {
    return true;
  }

  @Override
  protected SeriesStore store() {
    return head;
  }

  @Override
  protected SeriesAppender appender() {
    return head.appender();
  }
}
