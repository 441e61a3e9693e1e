package dev.vigil.collector.otlp;

/**
 * Strict UTF-8 validation as protobuf-java applies it to {@code string} fields: no overlong forms,
 * no encoded surrogates, nothing above U+10FFFF, no truncated sequences.
 */
final class Utf8Validator {
  private Utf8Validator() {}

  static boolean isValid(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int b1 = b[i];
      if (b1 >= 0) {
        i++;
        continue;
      }
      b1 &= 0xFF;
      if (b1 < 0xC2) {
        return false; // a continuation byte first, or an overlong 2-byte form
      }
      if (b1 < 0xE0) {
        if (i + 1 >= end || !isContinuation(b[i + 1])) {
          return false;
        }
        i += 2;
      } else if (b1 < 0xF0) {
        if (i + 2 >= end) {
          return false;
        }
        int b2 = b[i + 1] & 0xFF;
        if (!isContinuation(b[i + 1])
            || !isContinuation(b[i + 2])
            || (b1 == 0xE0 && b2 < 0xA0) // overlong
            || (b1 == 0xED && b2 >= 0xA0)) { // a surrogate
          return false;
        }
        i += 3;
      } else if (b1 <= 0xF4) {
        if (i + 3 >= end) {
          return false;
        }
        int b2 = b[i + 1] & 0xFF;
        if (!isContinuation(b[i + 1])
            || !isContinuation(b[i + 2])
            || !isContinuation(b[i + 3])
            || (b1 == 0xF0 && b2 < 0x90) // overlong
            || (b1 == 0xF4 && b2 >= 0x90)) { // above U+10FFFF
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
