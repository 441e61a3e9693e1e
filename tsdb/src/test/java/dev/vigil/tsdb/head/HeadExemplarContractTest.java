package dev.vigil.tsdb.head;

import dev.vigil.model.series.ExemplarStore;
import dev.vigil.model.series.ExemplarStoreContract;
import dev.vigil.model.series.SeriesAppender;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class HeadExemplarContractTest extends ExemplarStoreContract {
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
  protected ExemplarStore store() {
    return head;
  }

  @Override
  protected SeriesAppender appender() {
    return head.appender();
  }
}
