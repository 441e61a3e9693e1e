package dev.vigil.logindex.translog;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A translog file is damaged somewhere other than its torn tail, so replaying past the damage could
 * lose or reorder acknowledged records. The message names the file and offset.
 */
public final class TranslogCorruptionException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public TranslogCorruptionException(Path file, long offset, String problem) {
    super(
        "translog file "
            + file
            + " is corrupt at byte "
            + offset
            + ": "
            + problem
            + ". Records after it cannot be replayed; move the file aside to start without them"
            + " (everything up to the last Lucene commit is safe).");
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
