package dev.vigil.tsdb.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An append-only log in numbered segment files ({@code 00000000}, {@code 00000001}, …) of at most
 * {@code segmentSize} bytes each.
 *
 * <p>{@link #log} writes records and, under {@link FsyncPolicy#ALWAYS}, returns only after they are
 * on disk. Writers are serialized for the write itself, which is a memory copy into the page cache;
 * the fsync is shared: a committer finding an fsync under way waits for it and for at most one
 * more, so N concurrent commits cost about two fsyncs, not N.
 *
 * <p>Open a log with {@link #open}, which first replays every existing record to the consumer and
 * cuts off a damaged tail. Thread-safe.
 */
public final class WriteAheadLog implements AutoCloseable {
  private final Path dir;
  private final long segmentSize;
  private final FsyncPolicy policy;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Condition synced = syncLock.newCondition();
  private final ScheduledExecutorService syncer;
  private FileChannel segment;
  private int segmentIndex;
  private long segmentBytes;

  /** Bytes written over the log's life in this process; positions compare across segments. */
  private long written;

  private long syncedUpTo;
  private boolean syncing;
  private IOException syncFailure;
  private final List<WalCorruption> corruptions;
  private final long replayedRecords;

  private WriteAheadLog(
      Path dir,
      long segmentSize,
      FsyncPolicy policy,
      long intervalMillis,
      List<WalCorruption> corruptions,
      long replayedRecords,
      int lastSegment)
      throws IOException {
    this.dir = dir;
    this.segmentSize = segmentSize;
    this.policy = policy;
    this.corruptions = List.copyOf(corruptions);
    this.replayedRecords = replayedRecords;
    this.segmentIndex = lastSegment;
    openSegment(lastSegment, lastSegment >= 0);
    if (policy == FsyncPolicy.INTERVAL) {
      syncer =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("vigil-wal-sync").daemon(true).factory());
      syncer.scheduleWithFixedDelay(
          this::syncQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    } else {
      syncer = null;
    }
  }

  /**
   * Replays every record in {@code dir} in order to {@code replay}, cuts off a damaged tail, and
   * opens the log for appending after it.
   */
  public static WriteAheadLog open(
      Path dir, long segmentSize, FsyncPolicy policy, long intervalMillis, Consumer<byte[]> replay)
      throws IOException {
    Files.createDirectories(dir);
    List<WalCorruption> corruptions = new ArrayList<>();
    long records = 0;
    int checkpoint = WalCheckpoint.latest(dir);
    if (checkpoint >= 0) {
      // A crash after writing a checkpoint may have left what it replaces: drop that first.
      deleteSegmentsBelow(dir, checkpoint);
      WalCheckpoint.deleteOthers(dir, checkpoint);
      WalSegmentReader.Result r = WalCheckpoint.read(WalCheckpoint.path(dir, checkpoint), replay);
      records += r.records();
      if (r.corruption() != null) {
        corruptions.add(r.corruption());
      }
    }
    List<Integer> segments = segments(dir);
    for (int i = 0; i < segments.size(); i++) {
      Path file = segmentPath(dir, segments.get(i));
      WalSegmentReader.Result r = WalSegmentReader.read(file, replay);
      records += r.records();
      if (r.corruption() != null) {
        corruptions.add(r.corruption());
        truncate(file, r.validBytes());
        // Records after a damaged spot cannot be trusted to follow it: later segments go too, as a
        // gap in the middle of the log would replay out of order.
        for (int j = i + 1; j < segments.size(); j++) {
          Path later = segmentPath(dir, segments.get(j));
          long size = Files.size(later);
          Files.delete(later);
          corruptions.add(new WalCorruption(later, 0, "follows a damaged segment", size));
        }
        segments = segments.subList(0, i + 1);
        break;
      }
    }
    // Numbering continues after the checkpoint even when no segment is left, or the next start
    // would take new segments for ones the checkpoint replaced.
    int last =
        segments.isEmpty() ? checkpoint : Math.max(segments.get(segments.size() - 1), checkpoint);
    return new WriteAheadLog(dir, segmentSize, policy, intervalMillis, corruptions, records, last);
  }

  /**
   * Replaces every segment below {@code upTo} (and the previous checkpoint) by {@code
   * checkpoint.<upTo>}, holding the records {@code filter} keeps (it returns the record, a smaller
   * one, or null to drop it), in their order. Once it is on disk the old files are deleted; a crash
   * in between leaves both, and {@link #open} finishes the deletion. Returns the records kept. Runs
   * beside appends, which go to segments from {@code upTo} on ({@link #cut}).
   */
  public long checkpoint(int upTo, UnaryOperator<byte[]> filter) throws IOException {
    List<Path> inputs = new ArrayList<>();
    int previous = WalCheckpoint.latest(dir);
    if (previous >= upTo) {
      throw new IllegalStateException(
          "BUG: checkpoint " + upTo + " is not after the existing " + previous);
    }
    if (previous >= 0) {
      inputs.add(WalCheckpoint.path(dir, previous));
    }
    for (int s : segments(dir)) {
      if (s < upTo) {
        inputs.add(segmentPath(dir, s));
      }
    }
    long kept = WalCheckpoint.write(dir, upTo, inputs, filter);
    syncDirectory();
    deleteSegmentsBelow(dir, upTo);
    WalCheckpoint.deleteOthers(dir, upTo);
    return kept;
  }

  /** The newest checkpoint's number in {@code dir} (records of segments below it), or -1. */
  public static int latestCheckpoint(Path dir) throws IOException {
    return Files.isDirectory(dir) ? WalCheckpoint.latest(dir) : -1;
  }

  /** The lowest segment number in {@code dir}, or -1 when there is none. */
  public static int oldestSegment(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    List<Integer> s = segments(dir);
    return s.isEmpty() ? -1 : s.get(0);
  }

  private static void deleteSegmentsBelow(Path dir, int n) throws IOException {
    for (int s : segments(dir)) {
      if (s < n) {
        Files.deleteIfExists(segmentPath(dir, s));
      }
    }
  }

  /** Damage found and cut off while opening. */
  public List<WalCorruption> corruptions() {
    return corruptions;
  }

  public long replayedRecords() {
    return replayedRecords;
  }

  /**
   * Appends the records; returns once they are durable per the fsync policy. On an I/O error
   * nothing is acknowledged and the exception names the segment.
   */
  public void log(List<byte[]> records) throws IOException {
    long end = write(records);
    if (policy == FsyncPolicy.ALWAYS) {
      syncUpTo(end);
    }
  }

  /**
   * Appends the records without waiting for a sync; returns the log position after them. A later
   * {@link #log} or {@link #sync} covers them, as the log is synced in order.
   */
  public long write(List<byte[]> records) throws IOException {
    long end;
    writeLock.lock();
    try {
      for (byte[] payload : records) {
        if (payload.length == 0 || payload.length > WalRecordFormat.MAX_RECORD_SIZE) {
          throw new IllegalArgumentException(
              "WAL record of "
                  + payload.length
                  + " bytes (allowed 1 to "
                  + WalRecordFormat.MAX_RECORD_SIZE
                  + ")");
        }
        int size = WalRecordFormat.RECORD_HEADER_SIZE + payload.length;
        if (segmentBytes + size > segmentSize
            && segmentBytes > WalRecordFormat.SEGMENT_HEADER_SIZE) {
          rollSegment();
        }
        byte[] header = new byte[WalRecordFormat.RECORD_HEADER_SIZE];
        WalRecordFormat.putInt(header, 0, payload.length);
        WalRecordFormat.putInt(header, 4, WalRecordFormat.crc(payload, 0, payload.length));
        writeFully(ByteBuffer.wrap(header));
        writeFully(ByteBuffer.wrap(payload));
        segmentBytes += size;
        written += size;
      }
      end = written;
    } finally {
      writeLock.unlock();
    }
    return end;
  }

  public void log(byte[] record) throws IOException {
    log(List.of(record));
  }

  /** Forces everything written so far to disk. */
  public void sync() throws IOException {
    long end;
    writeLock.lock();
    try {
      end = written;
    } finally {
      writeLock.unlock();
    }
    syncUpTo(end);
  }

  private void syncUpTo(long position) throws IOException {
    syncLock.lock();
    try {
      while (true) {
        if (syncedUpTo >= position) {
          return;
        }
        if (syncFailure != null) {
          throw new IOException("syncing the WAL in " + dir + " failed", syncFailure);
        }
        if (!syncing) {
          break;
        }
        synced.awaitUninterruptibly();
      }
      syncing = true;
    } finally {
      syncLock.unlock();
    }
    long target;
    FileChannel channel;
    writeLock.lock();
    try {
      target = written;
      channel = segment;
    } finally {
      writeLock.unlock();
    }
    IOException failure = null;
    try {
      channel.force(false);
    } catch (IOException e) {
      failure = e;
    }
    syncLock.lock();
    try {
      syncing = false;
      if (failure == null) {
        syncedUpTo = Math.max(syncedUpTo, target);
      } else {
        syncFailure = failure;
      }
      synced.signalAll();
    } finally {
      syncLock.unlock();
    }
    if (failure != null) {
      throw new IOException("syncing the WAL in " + dir + " failed", failure);
    }
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(WriteAheadLog.class)
          .error("WAL sync failed: {}", e.toString());
    }
  }

  private void rollSegment() throws IOException {
    // The old segment is synced before the next is used, so a sync of the new one covers both.
    segment.force(false);
    segment.close();
    openSegment(segmentIndex + 1, false);
  }

  private void openSegment(int index, boolean existing) throws IOException {
    if (index < 0) {
      index = 0;
      existing = false;
    }
    Path file = segmentPath(dir, index);
    segment =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    segmentIndex = index;
    segmentBytes = segment.size();
    if (!existing || segmentBytes == 0) {
      segment.write(ByteBuffer.wrap(WalRecordFormat.segmentHeader()));
      segment.force(true);
      segmentBytes = WalRecordFormat.SEGMENT_HEADER_SIZE;
      syncDirectory();
    }
  }

  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // Not every file system can sync a directory; the segment itself was synced.
    }
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      segment.write(b);
    }
  }

  /**
   * Deletes segments numbered below {@code segment}, whose records a checkpoint has made redundant.
   */
  public void deleteSegmentsBefore(int segmentNumber) throws IOException {
    for (int s : segments(dir)) {
      if (s < segmentNumber) {
        Files.deleteIfExists(segmentPath(dir, s));
      }
    }
  }

  /** Starts a new segment and returns its number: records logged from now on are in it or later. */
  public int cut() throws IOException {
    writeLock.lock();
    try {
      rollSegment();
      return segmentIndex;
    } finally {
      writeLock.unlock();
    }
  }

  /** Bytes in all segment files. */
  public long sizeBytes() throws IOException {
    long total = 0;
    for (int s : segments(dir)) {
      total += Files.size(segmentPath(dir, s));
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    if (syncer != null) {
      // Not shutdownNow(): an interrupt during force() closes the channel under us.
      syncer.shutdown();
      try {
        syncer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writeLock.lock();
    try {
      if (segment.isOpen()) {
        if (policy != FsyncPolicy.NEVER) {
          segment.force(false);
        }
        segment.close();
      }
    } finally {
      writeLock.unlock();
    }
  }

  static Path segmentPath(Path dir, int index) {
    return dir.resolve(String.format("%08d", index));
  }

  static List<Integer> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{8}"))
          .map(Integer::parseInt)
          .sorted()
          .toList();
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(size);
      c.force(true);
    }
  }
}
