package dev.vigil.tracestore.wal;

import java.nio.file.Path;

/** Receives what replay finds: records in order, and damage it cut off. */
public interface WalReplayer {
  /** One intact record; {@code payload} is only valid during the call. */
  void record(byte[] payload, int offset, int length);

  /** A torn or damaged tail at {@code offset} of {@code file}; {@code dropped} bytes were cut. */
  void corruption(Path file, long offset, String reason, long dropped);
}
