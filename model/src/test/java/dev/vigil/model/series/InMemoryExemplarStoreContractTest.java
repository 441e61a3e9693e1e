package dev.vigil.model.series;

class InMemoryExemplarStoreContractTest extends ExemplarStoreContract {
  private final InMemorySeriesStore store = new InMemorySeriesStore();

  @Override
  protected ExemplarStore store() {
    return store;
  }

  @Override
  protected SeriesAppender appender() {
    return store.appender();
  }
}
