package dev.vigil.tracestore.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Span batches appended to numbered files ({@code 00000000000000000001.wal}, …). {@link #write}
 * copies a record into the current file; {@link #sync} makes everything up to a position durable.
 * Concurrent syncs share one fsync: the first caller forces all bytes written so far while the
 * others wait on the lock and then find their bytes already covered (group commit).
 *
 * <p>The flush of the in-memory buffer calls {@link #rotate} to start a new file, so each file's
 * records are either all in segments or all still buffered, and {@link #deleteUpTo} drops the files
 * a segment now covers. Thread-safe.
 */
public final class SpanWal implements AutoCloseable {
  static final int MAGIC = 0x4C575456; // "VTWL"
  static final int VERSION = 1;
  static final int FILE_HEADER = 8;
  static final int RECORD_HEADER = 8;
  static final String SUFFIX = ".wal";

  private final Path dir;
  private final boolean fsync;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();
  private FileChannel channel;
  private long fileNumber;
  private long filePosition;

  /** Bytes written in this process across files; positions compare across rotations. */
  private long written;

  private volatile long syncedUpTo;

  private SpanWal(Path dir, boolean fsync, long fileNumber) throws IOException {
    this.dir = dir;
    this.fsync = fsync;
    openFile(fileNumber);
  }

  /**
   * Deletes the files up to {@code coveredUpTo} (their spans are in segments), replays the rest in
   * order into {@code replay}, and opens a new file for appending after them.
   */
  public static SpanWal open(Path dir, boolean fsync, long coveredUpTo, WalReplayer replay)
      throws IOException {
    Files.createDirectories(dir);
    long last = coveredUpTo;
    for (long n : fileNumbers(dir)) {
      Path f = dir.resolve(fileName(n));
      if (n <= coveredUpTo) {
        Files.delete(f);
      } else {
        WalFileReader.replay(f, replay);
        last = Math.max(last, n);
      }
    }
    return new SpanWal(dir, fsync, last + 1);
  }

  private void openFile(long number) throws IOException {
    Path f = dir.resolve(fileName(number));
    FileChannel ch =
        FileChannel.open(
            f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    header.putInt(MAGIC).put((byte) VERSION).put((byte) 0).putShort((short) 0).flip();
    while (header.hasRemaining()) {
      ch.write(header);
    }
    if (fsync) {
      ch.force(true);
      forceDirectory(dir);
    }
    channel = ch;
    fileNumber = number;
    filePosition = FILE_HEADER;
  }

  /** Appends one record; returns the position to pass to {@link #sync}. */
  public long write(byte[] payload, int length) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(payload, 0, length);
    ByteBuffer buf = ByteBuffer.allocate(RECORD_HEADER + length);
    buf.order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buf.putInt(length).putInt((int) crc.getValue()).put(payload, 0, length).flip();
    writeLock.lock();
    try {
      while (buf.hasRemaining()) {
        filePosition += channel.write(buf, filePosition);
      }
      written += RECORD_HEADER + length;
      return written;
    } finally {
      writeLock.unlock();
    }
  }

  /** Returns once every byte up to {@code position} is on disk (at once without fsync). */
  public void sync(long position) throws IOException {
    if (!fsync || syncedUpTo >= position) {
      return;
    }
    syncLock.lock();
    try {
      if (syncedUpTo >= position) {
        return; // another caller's fsync covered us while we waited
      }
      long target;
      FileChannel ch;
      writeLock.lock();
      try {
        target = written;
        ch = channel;
      } finally {
        writeLock.unlock();
      }
      ch.force(false);
      syncedUpTo = target;
    } finally {
      syncLock.unlock();
    }
  }

  /**
   * Closes the current file (forced) and starts the next; returns the closed file's number. The
   * caller holds its own lock so that no record lands between its buffer swap and this call.
   */
  public long rotate() throws IOException {
    syncLock.lock();
    writeLock.lock();
    try {
      if (fsync) {
        channel.force(false);
      }
      syncedUpTo = written;
      channel.close();
      long closed = fileNumber;
      openFile(closed + 1);
      return closed;
    } finally {
      writeLock.unlock();
      syncLock.unlock();
    }
  }

  /** Deletes the files numbered up to {@code number}, whose spans are now in segments. */
  public void deleteUpTo(long number) throws IOException {
    for (long n : fileNumbers(dir)) {
      if (n <= number && n != fileNumber) {
        Files.deleteIfExists(dir.resolve(fileName(n)));
      }
    }
  }

  /** Bytes on disk in log files. */
  public long sizeBytes() throws IOException {
    long total = 0;
    for (long n : fileNumbers(dir)) {
      try {
        total += Files.size(dir.resolve(fileName(n)));
      } catch (java.nio.file.NoSuchFileException deletedSinceListed) {
        // a flush's deleteUpTo removed it meanwhile: it no longer takes disk
      }
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    syncLock.lock();
    writeLock.lock();
    try {
      if (fsync && channel.isOpen()) {
        channel.force(false);
      }
      channel.close();
    } finally {
      writeLock.unlock();
      syncLock.unlock();
    }
  }

  /** Makes a new file's directory entry durable; not possible on Windows, where it is skipped. */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }

  static String fileName(long n) {
    return String.format("%020d", n) + SUFFIX;
  }

  static List<Long> fileNumbers(Path dir) throws IOException {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX) && n.length() == 20 + SUFFIX.length())
          .forEach(n -> out.add(Long.parseLong(n.substring(0, 20))));
    }
    out.sort(null);
    return out;
  }
}
