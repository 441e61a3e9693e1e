package dev.vigil.tsdb.wal;

import java.nio.file.Path;

/**
 * A damaged spot found while replaying: where it was and why, and how many bytes were cut off from
 * there on. Replay reports these instead of failing, so a torn write from a crash never stops Vigil
 * from starting.
 */
public record WalCorruption(Path segment, long offset, String reason, long bytesDropped) {
  @Override
  public String toString() {
    return segment + " at byte " + offset + ": " + reason + " (" + bytesDropped + " bytes dropped)";
  }
}
