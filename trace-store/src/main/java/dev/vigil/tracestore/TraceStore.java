package dev.vigil.tracestore;

import dev.vigil.model.Batch;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.sink.SinkException;
import dev.vigil.model.sink.TelemetrySink;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanKind;
import dev.vigil.tracestore.derived.DependencyEdge;
import dev.vigil.tracestore.derived.ServiceGraph;
import dev.vigil.tracestore.query.Condition;
import dev.vigil.tracestore.query.Expr;
import dev.vigil.tracestore.query.Field;
import dev.vigil.tracestore.query.Literal;
import dev.vigil.tracestore.query.Op;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Vigil's span store: the facade the server wires in. Spans arrive through {@link #sink()} (durable
 * in the tenant's write-ahead log when {@code append} returns), are buffered per trace, and are
 * flushed into immutable segment files with a search index; retention deletes whole segments.
 *
 * <p>Every method takes the tenant; a tenant's data lives in its own directory and no query reads
 * another's. Reads see every acknowledged span: a trace is merged from every segment holding part
 * of it and from the buffer. Thread-safe; one process per directory (a lock file enforces it).
 */
public final class TraceStore implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TraceStore.class.getName());

  private final Path tenantsDir;
  private final TraceStoreOptions options;
  private final ConcurrentHashMap<Tenant, TenantStore> tenants = new ConcurrentHashMap<>();
  private final ScheduledExecutorService maintenance;

  /**
   * Writes full buffers to segments off the appending threads, so no request waits for a flush
   * unless a second buffer fills while the first is still being written (back-pressure). Apart from
   * maintenance, whose compactions can take seconds.
   */
  private final java.util.concurrent.ExecutorService flusher;

  private final FileChannel lockChannel;
  private final FileLock lock;
  private volatile boolean closed;

  private TraceStore(Path dir, TraceStoreOptions options, FileChannel lockChannel, FileLock lock) {
    this.tenantsDir = dir.resolve("tenants");
    this.options = options;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.maintenance =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("vigil-trace-store-maintenance").daemon(true).factory());
    this.flusher =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("vigil-trace-store-flusher").daemon(true).factory());
  }

  /**
   * Opens (creating if needed) the store in {@code dir}: every tenant's segments are verified, its
   * index brought up to date and its log replayed before this returns.
   *
   * @throws IOException when the directory is unusable or another process holds it
   */
  public static TraceStore open(Path dir, TraceStoreOptions options) throws IOException {
    Files.createDirectories(dir.resolve("tenants"));
    FileChannel ch =
        FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another store in this JVM
    }
    if (lock == null) {
      ch.close();
      throw new IOException(
          dir
              + " is in use by another Vigil process (LOCK held); stop it or use another directory");
    }
    TraceStore store = new TraceStore(dir, options, ch, lock);
    try (Stream<Path> s = Files.list(store.tenantsDir)) {
      for (Path p : s.filter(Files::isDirectory).toList()) {
        String id = p.getFileName().toString();
        if (Tenant.problem(id) == null) {
          Tenant t = new Tenant(id);
          store.tenants.put(t, TenantRecovery.open(p, t, options));
        }
      }
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    long every = options.maintenanceInterval().toMillis();
    store.maintenance.scheduleWithFixedDelay(
        store::maintainQuietly, every, every, TimeUnit.MILLISECONDS);
    return store;
  }

  /** The options the store was opened with. */
  public TraceStoreOptions options() {
    return options;
  }

  /** Where the collector's fan-out hands span batches. */
  public TelemetrySink<Span> sink() {
    return this::append;
  }

  private void append(Batch<Span> batch) throws SinkException {
    if (closed) {
      throw new SinkException("the trace store is closed", true);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      TenantStore t = tenant(batch.tenant(), true);
      if (t.append(batch) && t.claimFlush()) {
        flusher.execute(() -> flushQuietly(t));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new SinkException("trace store could not log the batch: " + e.getMessage(), true, e);
    }
  }

  /** The whole trace, or empty when the tenant has no span of it. */
  public Optional<Trace> traceById(Tenant tenant, TraceId id) throws IOException {
    TenantStore t = tenant(tenant, false);
    if (t == null) {
      return Optional.empty();
    }
    Trace trace = t.traceById(id);
    return trace.isEmpty() ? Optional.empty() : Optional.of(trace);
  }

  /** Traces with a span matching the search, newest first. */
  public List<TraceSummary> search(Tenant tenant, TraceSearch search) throws IOException {
    TenantStore t = tenant(tenant, false);
    return t == null ? List.of() : TraceSearcher.search(t, search);
  }

  /** Service names seen, sorted. */
  public List<String> services(Tenant tenant) throws IOException {
    TenantStore t = tenant(tenant, false);
    if (t == null) {
      return List.of();
    }
    TreeSet<String> out = new TreeSet<>(t.index().services());
    t.forEachUnflushed(s -> out.add(s.serviceName()));
    return List.copyOf(out);
  }

  /** The span names (with kinds) a service has used, sorted by name then kind. */
  public List<Operation> operations(Tenant tenant, String service) throws IOException {
    TenantStore t = tenant(tenant, false);
    if (t == null) {
      return List.of();
    }
    TreeSet<String> keys = new TreeSet<>();
    for (String kindAndName : t.index().operations(service)) {
      int sep = kindAndName.indexOf('\u0000');
      keys.add(kindAndName.substring(sep + 1) + '\u0000' + kindAndName.substring(0, sep));
    }
    t.forEachUnflushed(s -> {
      if (s.serviceName().equals(service)) {
        keys.add(s.span().name() + '\u0000' + s.span().kind().name().toLowerCase(Locale.ROOT));
      }
    });
    List<Operation> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      int sep = k.lastIndexOf('\u0000');
      out.add(
          new Operation(
              k.substring(0, sep),
              SpanKind.valueOf(k.substring(sep + 1).toUpperCase(Locale.ROOT))));
    }
    return out;
  }

  /**
   * The service dependency graph of calls starting in [{@code startUnixNano}, {@code endUnixNano}],
   * from at most {@code dependencyTraceLimit} traces (the newest).
   */
  public List<DependencyEdge> dependencies(Tenant tenant, long startUnixNano, long endUnixNano)
      throws IOException {
    TenantStore t = tenant(tenant, false);
    if (t == null) {
      return List.of();
    }
    Expr callees =
        new Expr.Or(
            new Condition(Field.Intrinsic.KIND, Op.EQ, new Literal.Kind(SpanKind.SERVER)),
            new Condition(Field.Intrinsic.KIND, Op.EQ, new Literal.Kind(SpanKind.CONSUMER)));
    List<Trace> traces =
        TraceSearcher.traces(
            t, callees, startUnixNano, endUnixNano, options.dependencyTraceLimit());
    return ServiceGraph.build(traces, startUnixNano, endUnixNano);
  }

  /** Writes every tenant's buffer into a segment now (the background task does it by age). */
  public void flush() throws IOException {
    for (TenantStore t : tenants.values()) {
      t.flush();
    }
  }

  /** Runs the background pass now: flush by age, then retention. */
  public void maintain() throws IOException {
    for (TenantStore t : tenants.values()) {
      t.maintain();
    }
  }

  private void flushQuietly(TenantStore t) {
    try {
      t.flushIfFull();
    } catch (IOException | RuntimeException e) {
      // The spans stay buffered (and in the log); the next full buffer or maintenance retries.
      LOG.log(Level.SEVERE, "trace store flush failed: " + e.getMessage(), e);
    }
  }

  private void maintainQuietly() {
    try {
      maintain();
    } catch (IOException | RuntimeException e) {
      // Never let the scheduled task die: the next pass retries.
      LOG.log(Level.SEVERE, "trace store maintenance failed: " + e.getMessage(), e);
    }
  }

  public TraceStoreStats stats() throws IOException {
    TraceStoreStats sum = TraceStoreStats.EMPTY;
    for (TenantStore t : tenants.values()) {
      sum = sum.plus(t.stats());
    }
    return sum;
  }

  public TraceStoreStats stats(Tenant tenant) throws IOException {
    TenantStore t = tenant(tenant, false);
    return t == null ? TraceStoreStats.EMPTY : t.stats();
  }

  private TenantStore tenant(Tenant tenant, boolean create) {
    if (closed) {
      throw new IllegalStateException("the trace store is closed");
    }
    if (!create) {
      return tenants.get(tenant);
    }
    return tenants.computeIfAbsent(
        tenant,
        t -> {
          try {
            return TenantRecovery.open(tenantsDir.resolve(t.id()), t, options);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Flushes buffers (saving replay time) and closes every file. Call after the last append. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    flusher.shutdown();
    maintenance.shutdown();
    try {
      flusher.awaitTermination(60, TimeUnit.SECONDS);
      maintenance.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IOException first = null;
    for (TenantStore t : tenants.values()) {
      try {
        t.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    lock.release();
    lockChannel.close();
    if (first != null) {
      throw first;
    }
  }
}
