package dev.vigil.tsdb.block;

import java.nio.file.Path;

/**
 * A block file is not what its format promises: bad magic or version, a checksum mismatch, a
 * truncated file or a structure pointing outside it. The message names the file and the spot; the
 * store quarantines the block instead of failing to start.
 */
public final class CorruptBlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public CorruptBlockException(Path file, String reason) {
    super(file + ": " + reason);
    this.file = file;
  }

  public CorruptBlockException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
    this.file = file;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }
}
