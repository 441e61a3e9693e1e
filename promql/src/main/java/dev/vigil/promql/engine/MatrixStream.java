package dev.vigil.promql.engine;

import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SampleBuffer;
import dev.vigil.model.series.Series;
import java.util.List;

/**
 * A matrix selector's series handed out one at a time, each read into the same buffer, for a range
 * function that needs one series' samples at once: memory holds the largest series, not all of
 * them, and no series gets arrays of its own (allocating and zeroing those was 5 % of a {@code
 * sum(rate(x[5m]))} range query). Not thread-safe; one per call, or one per worker's slice of the
 * series ({@link #slice}).
 *
 * <p>The raw samples still count against the sample limit as each series is read, and stay counted
 * until the calling node finishes, exactly as when every series was loaded up front: the limit
 * keeps meaning what {@code EngineOptions.maxSamples} documents, whichever path a selector takes.
 */
final class MatrixStream {
  private final List<Series> selected;
  private final SampleCounter limits;
  private final long minT;
  private final long maxT;
  private final StepSeries current = new StepSeries(Labels.EMPTY, false, 1);
  private SampleBuffer buffer = new SampleBuffer(16);
  private int next;

  MatrixStream(List<Series> selected, SampleCounter limits, long minT, long maxT) {
    this.selected = selected;
    this.limits = limits;
    this.minT = minT;
    this.maxT = maxT;
  }

  /** The selector's series, in order (some may have no samples in range). */
  List<Series> selected() {
    return selected;
  }

  /** How many series the selector selected (some may have no samples in range). */
  int seriesCount() {
    return selected.size();
  }

  /**
   * The series {@code [from, to)} of this stream's selection as a stream of their own, with their
   * own buffer, counting against {@code counter}: what one worker reads.
   */
  MatrixStream slice(int from, int to, SampleCounter counter) {
    return new MatrixStream(selected.subList(from, to), counter, minT, maxT);
  }

  /**
   * The next series with samples in {@code [minT, maxT]} (staleness markers dropped), or null after
   * the last. The returned series and its arrays are this stream's: they change with the next call.
   */
  StepSeries next() {
    if (buffer.timestamps().length > 1 << 16) {
      buffer = new SampleBuffer(16); // do not keep one long series' arrays for the rest
    }
    while (next < selected.size()) {
      Series s = selected.get(next++);
      limits.checkDeadline();
      buffer.clear();
      s.appendSamples(minT, maxT, buffer);
      int n = Selectors.dropStale(buffer);
      if (n > 0) {
        limits.addSamples(n);
        current.labels = s.labels();
        current.ts = buffer.timestamps();
        current.vs = buffer.values();
        current.size = n;
        return current;
      }
    }
    return null;
  }
}
