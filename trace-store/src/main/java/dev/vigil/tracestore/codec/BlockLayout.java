package dev.vigil.tracestore.codec;

/** How a segment block arranges span fields before compression; see FORMAT.md. */
public enum BlockLayout {
  /** Each span's fields one after the other. */
  ROW,
  /** The same fields split into three streams (ids, numbers, text) laid end to end. */
  COLUMNS;

  public static BlockLayout forCode(int code) {
    if (code < 0 || code >= values().length) {
      throw new MalformedDataException("unknown block layout " + code);
    }
    return values()[code];
  }
}
