package dev.vigil.tsdb.block;

import java.security.SecureRandom;

/**
 * Block ids: ULIDs (48-bit millisecond time, 80 random bits, Crockford base32, 26 characters), so
 * directory listings sort by creation time and ids from different processes never collide.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ulid() {}

  public static String next(long nowMillis) {
    char[] out = new char[26];
    long time = nowMillis & 0xFFFF_FFFF_FFFFL;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    long hi =
        ((r[0] & 0xFFL) << 32)
            | ((r[1] & 0xFFL) << 24)
            | ((r[2] & 0xFFL) << 16)
            | ((r[3] & 0xFFL) << 8)
            | (r[4] & 0xFFL);
    long lo =
        ((r[5] & 0xFFL) << 32)
            | ((r[6] & 0xFFL) << 24)
            | ((r[7] & 0xFFL) << 16)
            | ((r[8] & 0xFFL) << 8)
            | (r[9] & 0xFFL);
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    return new String(out);
  }

  /** Whether {@code s} looks like a ULID (a block directory rather than a temporary one). */
  public static boolean isUlid(String s) {
    if (s.length() != 26) {
      return false;
    }
    for (int i = 0; i < 26; i++) {
      if (new String(ALPHABET).indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
