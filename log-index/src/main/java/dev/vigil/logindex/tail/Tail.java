package dev.vigil.logindex.tail;

import dev.vigil.logindex.logql.Expr.LogQuery;
import dev.vigil.logindex.logql.Pipeline;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.store.LogLine;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One live tail: a bounded queue fed by {@link LiveTails#publish} on the append path and drained by
 * the tail's own virtual thread, which runs the pipeline and calls the listener. The selector is
 * checked when publishing (cheap, per stream) so that what overflows can be reported as dropped
 * lines of this query, as Loki's {@code dropped_entries} are. Thread-safe.
 */
public final class Tail implements AutoCloseable {
  /** A line that matched the selector but was not delivered because the tail fell behind. */
  public record Dropped(long timestampNanos, Labels labels) {}

  /** The backfill: what was already stored when the tail opened. */
  @FunctionalInterface
  public interface Backfill {
    List<LogEntry> run() throws Exception;
  }

  /** Queued batches per tail; beyond this the tail is behind and lines are dropped. */
  static final int QUEUE_BATCHES = 1024;

  /** Dropped lines reported per delivery at most; the rest are only counted. */
  static final int MAX_DROPPED_REPORTED = 1000;

  private record Pending(long arrivedNanos, List<LogEntry> candidates) {}

  private final Tenant tenant;
  private final List<LabelMatcher> selector;
  private final Pipeline pipeline;
  private final long delayNanos;
  private final long keepAliveNanos;
  private final TailListener listener;
  private final LiveTails owner;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
  private final List<Dropped> droppedSinceDelivery = new ArrayList<>();
  private final AtomicLong droppedTotal = new AtomicLong();
  private volatile boolean closed;

  Tail(
      Tenant tenant,
      LogQuery query,
      long delayNanos,
      long keepAliveNanos,
      TailListener listener,
      LiveTails owner) {
    this.tenant = tenant;
    this.selector = query.selector();
    this.pipeline = new Pipeline(query.pipeline());
    this.delayNanos = delayNanos;
    this.keepAliveNanos = keepAliveNanos;
    this.listener = listener;
    this.owner = owner;
  }

  void start(Backfill backfill) {
    Thread.ofVirtual().name("log-tail-" + tenant.id()).start(() -> run(backfill));
  }

  Tenant tenant() {
    return tenant;
  }

  /** Lines dropped since the tail opened because it fell behind. */
  public long droppedTotal() {
    return droppedTotal.get();
  }

  /** Called on the append path: selects by stream, queues, never blocks. */
  void offer(long[] timestamps, List<StoredRecord> records) {
    if (closed) {
      return;
    }
    List<LogEntry> candidates = new ArrayList<>();
    Labels last = null;
    boolean lastSelected = false;
    for (int i = 0; i < records.size(); i++) {
      StoredRecord r = records.get(i);
      Labels labels = LiveTails.streamLabels(r);
      if (!labels.equals(last)) {
        last = labels;
        lastSelected = selected(labels);
      }
      if (lastSelected) {
        candidates.add(new LogEntry(timestamps[i], labels, null, r));
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    if (!queue.offer(new Pending(System.nanoTime(), candidates))) {
      synchronized (droppedSinceDelivery) {
        for (LogEntry c : candidates) {
          if (droppedSinceDelivery.size() < MAX_DROPPED_REPORTED) {
            droppedSinceDelivery.add(new Dropped(c.timestampNanos(), c.labels()));
          }
        }
      }
      droppedTotal.addAndGet(candidates.size());
    }
  }

  private boolean selected(Labels labels) {
    for (LabelMatcher m : selector) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  private void run(Backfill backfill) {
    try {
      List<LogEntry> past = backfill == null ? List.of() : backfill.run();
      // Lines appended between subscribing and the backfill's reader can be in both; the
      // backfill's copy wins and the live one is skipped.
      Set<String> seen = new HashSet<>();
      long newestPast = Long.MIN_VALUE;
      for (LogEntry e : past) {
        seen.add(key(e.timestampNanos(), e.labels(), e.line()));
        newestPast = Math.max(newestPast, e.timestampNanos());
      }
      if (!past.isEmpty()) {
        List<LogEntry> sorted = new ArrayList<>(past);
        sorted.sort(Comparator.comparingLong(LogEntry::timestampNanos));
        listener.onEntries(sorted, List.of());
      }
      List<Pending> held = new ArrayList<>();
      long lastHeard = System.nanoTime();
      while (!closed) {
        Pending p =
            queue.poll(held.isEmpty() ? 200 : Math.max(1, delayNanos / 4), TimeUnit.NANOSECONDS);
        if (p != null) {
          held.add(p);
          queue.drainTo(held);
        }
        long due = System.nanoTime() - delayNanos;
        List<LogEntry> out = new ArrayList<>();
        for (var it = held.iterator(); it.hasNext(); ) {
          Pending h = it.next();
          if (h.arrivedNanos() > due) {
            continue; // delay_for: held back so late lines can be sorted in
          }
          it.remove();
          for (LogEntry c : h.candidates()) {
            Pipeline.Result r = pipeline.apply(LogLine.of(c.source().record().body()), c.labels());
            if (r == null) {
              continue;
            }
            if (c.timestampNanos() <= newestPast
                && seen.contains(key(c.timestampNanos(), r.labels(), r.line()))) {
              continue;
            }
            out.add(new LogEntry(c.timestampNanos(), r.labels(), r.line(), c.source()));
          }
        }
        List<Dropped> dropped;
        synchronized (droppedSinceDelivery) {
          dropped = List.copyOf(droppedSinceDelivery);
          droppedSinceDelivery.clear();
        }
        long now = System.nanoTime();
        if (!out.isEmpty() || !dropped.isEmpty()) {
          out.sort(Comparator.comparingLong(LogEntry::timestampNanos));
          listener.onEntries(out, dropped);
          lastHeard = now;
        } else if (now - lastHeard >= keepAliveNanos) {
          listener.onIdle();
          lastHeard = now;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!closed) {
        listener.onError(e);
      }
    } finally {
      close();
    }
  }

  private static String key(long ts, Labels labels, String line) {
    return ts + "\u0000" + labels + "\u0000" + line;
  }

  /**
   * Stops the tail; its thread ends within a poll interval (200 ms), or after the backfill. It is
   * not interrupted: an interrupt during the backfill's refresh would close Lucene's file channel
   * and with it the partition's IndexWriter. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    owner.remove(this);
  }
}
