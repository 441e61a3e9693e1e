package dev.vigil.tsdb.query;

import dev.vigil.model.series.SampleIterator;

/**
 * Merges iterators of one series by time. On equal timestamps the last iterator (the newest layer)
 * provides the value and every iterator at that timestamp advances, so each timestamp appears once.
 * A linear scan over the few layers beats a heap for the usual two to five.
 */
public final class MergeSampleIterator implements SampleIterator {
  private final SampleIterator[] its;
  private final boolean[] has;
  private boolean started;
  private boolean current;
  private long t;
  private double v;

  public MergeSampleIterator(SampleIterator... oldestFirst) {
    this.its = oldestFirst;
    this.has = new boolean[oldestFirst.length];
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      for (int i = 0; i < its.length; i++) {
        has[i] = its[i].next();
      }
    } else if (current) {
      for (int i = 0; i < its.length; i++) {
        if (has[i] && its[i].timestamp() == t) {
          has[i] = its[i].next();
        }
      }
    }
    return pick();
  }

  @Override
  public boolean seek(long target) {
    if (current && t >= target) {
      return true;
    }
    for (int i = 0; i < its.length; i++) {
      if (!started || has[i]) {
        has[i] = its[i].seek(target);
      }
    }
    started = true;
    return pick();
  }

  private boolean pick() {
    int best = -1;
    for (int i = 0; i < its.length; i++) {
      if (has[i] && (best < 0 || its[i].timestamp() <= its[best].timestamp())) {
        best = i;
      }
    }
    if (best < 0) {
      current = false;
      return false;
    }
    t = its[best].timestamp();
    v = its[best].value();
    current = true;
    return true;
  }

  @Override
  public boolean hasCurrent() {
    return current;
  }

  @Override
  public long timestamp() {
    return t;
  }

  @Override
  public double value() {
    return v;
  }
}
