package dev.vigil.logindex.translog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An append-only log of opaque records in segment files named by their base position. A record's
 * position is the global byte offset of its header, so positions grow across segments and a single
 * {@code long} says "everything before here" (what the Lucene commits remember).
 *
 * <p>{@link #append} copies the record into the page cache under a lock and returns its position;
 * {@link #sync} forces everything up to a position to disk. Syncs are shared (group commit): a
 * caller finding an fsync under way waits for it and runs at most one more, so N concurrent
 * appenders pay about two fsyncs, not N. Thread-safe.
 */
public final class Translog implements AutoCloseable {
  /** Where an appended record sits: {@code start} identifies it, {@code end} is what to sync. */
  public record Position(long start, long end) {}

  private final Path dir;
  private final long segmentSize;
  private final SyncMode mode;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Condition synced = syncLock.newCondition();
  private final ScheduledExecutorService syncer;
  private final List<Long> bases = new ArrayList<>();
  private FileChannel channel;
  private long segmentBase;
  private long end;
  private long syncedUpTo;
  private boolean syncing;
  private IOException syncFailure;
  private final String repairedTail;
  private volatile long committed;

  private Translog(
      Path dir,
      long segmentSize,
      SyncMode mode,
      Duration interval,
      List<Long> bases,
      String repairedTail)
      throws IOException {
    this.dir = dir;
    this.segmentSize = segmentSize;
    this.mode = mode;
    this.repairedTail = repairedTail;
    this.committed = TranslogCheckpoint.read(dir);
    this.bases.addAll(bases);
    if (this.bases.isEmpty()) {
      createSegment(0);
    } else {
      segmentBase = this.bases.get(this.bases.size() - 1);
      Path file = dir.resolve(TranslogFormat.fileName(segmentBase));
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
      long size = channel.size();
      channel.position(size);
      end = segmentBase + size;
    }
    syncedUpTo = end;
    if (mode == SyncMode.INTERVAL) {
      syncer =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("vigil-translog-sync").daemon(true).factory());
      long ms = Math.max(1, interval.toMillis());
      syncer.scheduleWithFixedDelay(this::syncQuietly, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      syncer = null;
    }
  }

  /**
   * Opens the translog in {@code dir}, creating it when absent. A torn tail of the newest segment
   * (a record cut short or failing its checksum, as a crash mid-write leaves it) is cut off; the
   * records before it are kept for {@link #replay}.
   */
  public static Translog open(Path dir, long segmentSize, SyncMode mode, Duration syncInterval)
      throws IOException {
    Files.createDirectories(dir);
    List<Long> bases = listBases(dir);
    String repaired = null;
    if (!bases.isEmpty()) {
      long last = bases.get(bases.size() - 1);
      Path file = dir.resolve(TranslogFormat.fileName(last));
      TranslogSegmentReader.Result r = TranslogSegmentReader.read(file, last, (p, b) -> {});
      if (r.damage() != null) {
        repaired = file.getFileName() + " at byte " + r.validBytes() + ": " + r.damage();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          if (r.validBytes() < TranslogFormat.HEADER_SIZE) {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(TranslogFormat.header(last)), 0);
          } else {
            ch.truncate(r.validBytes());
          }
          ch.force(true);
        }
      }
    }
    return new Translog(dir, segmentSize, mode, syncInterval, bases, repaired);
  }

  /** What was cut off the tail while opening, or null when the log was clean. */
  public String repairedTail() {
    return repairedTail;
  }

  /** Replays every record at or after {@code from}, in order. */
  public void replay(long from, TranslogVisitor visitor) throws IOException {
    List<Long> snapshot;
    writeLock.lock();
    try {
      snapshot = List.copyOf(bases);
    } finally {
      writeLock.unlock();
    }
    for (int i = 0; i < snapshot.size(); i++) {
      long base = snapshot.get(i);
      boolean last = i == snapshot.size() - 1;
      if (!last && snapshot.get(i + 1) <= from) {
        continue;
      }
      Path file = dir.resolve(TranslogFormat.fileName(base));
      TranslogSegmentReader.Result r =
          TranslogSegmentReader.read(
              file,
              base,
              (position, payload) -> {
                if (position >= from) {
                  visitor.record(position, payload);
                }
              });
      if (r.damage() != null) {
        // The newest segment's tail was repaired at open; damage anywhere else is real.
        throw new TranslogCorruptionException(file, r.validBytes(), r.damage());
      }
    }
  }

  /** Writes one record to the page cache; call {@link #sync} with its end to make it durable. */
  public Position append(byte[] payload) throws IOException {
    return append(payload, payload.length);
  }

  /** {@link #append(byte[])} of {@code payload[0..length)}. */
  public Position append(byte[] payload, int length) throws IOException {
    if (length <= 0 || length > TranslogFormat.MAX_PAYLOAD || length > payload.length) {
      throw new IllegalArgumentException(
          "translog record of "
              + length
              + " bytes (allowed 1 to "
              + TranslogFormat.MAX_PAYLOAD
              + ")");
    }
    byte[] header = new byte[TranslogFormat.RECORD_HEADER_SIZE];
    TranslogFormat.putInt(header, 0, length);
    TranslogFormat.putInt(header, 4, TranslogFormat.crc(payload, 0, length));
    writeLock.lock();
    try {
      if (end - segmentBase + header.length + length > segmentSize
          && end - segmentBase > TranslogFormat.HEADER_SIZE) {
        roll();
      }
      long start = end;
      writeFully(ByteBuffer.wrap(header));
      writeFully(ByteBuffer.wrap(payload, 0, length));
      end += header.length + length;
      return new Position(start, end);
    } finally {
      writeLock.unlock();
    }
  }

  /** The position the next record will get. */
  public long end() {
    writeLock.lock();
    try {
      return end;
    } finally {
      writeLock.unlock();
    }
  }

  /** Makes everything before {@code position} durable, per the sync mode. */
  public void sync(long position) throws IOException {
    if (mode != SyncMode.EVERY_APPEND) {
      return;
    }
    forceUpTo(position);
  }

  /** Makes everything written so far durable, whatever the sync mode (for close and commits). */
  public void syncAll() throws IOException {
    forceUpTo(end());
  }

  private void forceUpTo(long position) throws IOException {
    syncLock.lock();
    try {
      while (true) {
        if (syncedUpTo >= position) {
          return;
        }
        if (syncFailure != null) {
          throw new IOException("syncing the translog in " + dir + " failed", syncFailure);
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
    FileChannel ch;
    writeLock.lock();
    try {
      target = end;
      ch = channel;
    } finally {
      writeLock.unlock();
    }
    IOException failure = null;
    try {
      // Segments before this one were forced when rolled, so forcing this one covers all.
      ch.force(false);
    } catch (IOException e) {
      failure = e;
    }
    syncLock.lock();
    try {
      syncing = false;
      if (failure == null) {
        syncedUpTo = Math.max(syncedUpTo, target);
      } else {
        // A failed fsync leaves the page cache state unknown: no later sync may claim success.
        syncFailure = failure;
      }
      synced.signalAll();
    } finally {
      syncLock.unlock();
    }
    if (failure != null) {
      throw new IOException("syncing the translog in " + dir + " failed", failure);
    }
  }

  /**
   * Records that every record before {@code position} is in committed Lucene indexes: replay starts
   * there from now on ({@link #committedPosition}), and segments wholly before it are deleted. The
   * checkpoint file is replaced atomically.
   */
  public void markCommitted(long position) throws IOException {
    TranslogCheckpoint.write(dir, position);
    committed = Math.max(committed, position);
    trimBefore(position);
  }

  /** Where replay starts: the last position passed to {@link #markCommitted}, or 0. */
  public long committedPosition() {
    return committed;
  }

  private void trimBefore(long position) throws IOException {
    List<Long> doomed = new ArrayList<>();
    writeLock.lock();
    try {
      while (bases.size() > 1 && bases.get(1) <= position) {
        doomed.add(bases.remove(0));
      }
    } finally {
      writeLock.unlock();
    }
    for (long base : doomed) {
      Files.deleteIfExists(dir.resolve(TranslogFormat.fileName(base)));
    }
  }

  /** Bytes in segment files, for stats. */
  public long sizeBytes() {
    writeLock.lock();
    try {
      return end - bases.get(0);
    } finally {
      writeLock.unlock();
    }
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
      if (mode != SyncMode.NEVER) {
        channel.force(false);
      }
      channel.close();
    } finally {
      writeLock.unlock();
    }
  }

  private void syncQuietly() {
    try {
      forceUpTo(end());
    } catch (IOException e) {
      // Remembered in syncFailure; the next append that syncs reports it.
    }
  }

  private void roll() throws IOException {
    channel.force(false);
    channel.close();
    createSegment(end);
  }

  private void createSegment(long base) throws IOException {
    Path file = dir.resolve(TranslogFormat.fileName(base));
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    segmentBase = base;
    bases.add(base);
    ByteBuffer header = ByteBuffer.wrap(TranslogFormat.header(base));
    writeFully(header);
    end = base + TranslogFormat.HEADER_SIZE;
    channel.force(false);
    syncDirectory();
  }

  private void syncDirectory() throws IOException {
    // A new file's name must reach the disk too, or a crash can lose a synced segment.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot open directories; there is nothing more we can do there.
    }
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  private static List<Long> listBases(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(TranslogFormat::baseOf).filter(b -> b >= 0).sorted().boxed().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
