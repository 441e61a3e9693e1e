package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.model.series.SeriesStore;
import dev.vigil.tsdb.head.HeadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers: options without a background thread, and a store's content as text lines. */
final class TsdbTesting {
  static final long HOUR = 3_600_000L;
  static final TsdbOptions MANUAL =
      TsdbOptions.DEFAULT.withMaintenanceInterval(0).withRetention(0, 0);

  private TsdbTesting() {}

  static Tsdb open(Path dir) throws IOException {
    return Tsdb.open(dir, HeadOptions.DEFAULT, MANUAL);
  }

  /** Every sample of the tenant as {@code labels@t=bits}, in query order. */
  static List<String> dump(SeriesStore store, Tenant tenant, long min, long max) {
    List<String> out = new ArrayList<>();
    try (SeriesQuerier q = store.querier(tenant, min, max)) {
      for (Series s :
          q.select(List.of(LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+")))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          out.add(
              s.labels()
                  + "@"
                  + it.timestamp()
                  + "="
                  + Long.toHexString(Double.doubleToRawLongBits(it.value())));
        }
      }
    }
    return out;
  }

  static List<String> dump(SeriesStore store, Tenant tenant) {
    return dump(store, tenant, Long.MIN_VALUE, Long.MAX_VALUE);
  }
}
