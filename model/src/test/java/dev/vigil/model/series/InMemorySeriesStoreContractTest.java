package dev.vigil.model.series;

/** The reference implementation holds the contract it defines. */
class InMemorySeriesStoreContractTest extends SeriesStoreContract {
  private final InMemorySeriesStore store = new InMemorySeriesStore();

  @Override
  protected boolean offersRuns() {
    return true;
  }

  @Override
  protected SeriesStore store() {
    return store;
  }

  @Override
  protected SeriesAppender appender() {
    return store.appender();
  }
}
