package dev.vigil.tracestore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A store file failed its magic, version or checksum check, or did not decode. The message names
 * the file and the offset; moving the file aside lets the store open without it (segments) or
 * replay up to the damage (the write-ahead log cuts torn tails itself and never throws this).
 */
public final class CorruptStoreException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  public CorruptStoreException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public CorruptStoreException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
