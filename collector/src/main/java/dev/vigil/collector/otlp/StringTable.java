package dev.vigil.collector.otlp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns UTF-8 bytes into Strings, remembering recently seen short ones. Telemetry repeats itself:
 * attribute keys, service names, span and metric names come back in every request, so a hit saves
 * both the decoding and the allocation. The table is direct-mapped ({@value #SIZE} slots, strings
 * of at most {@value #MAX_CACHED_BYTES} bytes) and a string takes a slot only when it is seen a
 * second time, so one-off values (ids, URLs) do not evict the keys that keep coming back.
 *
 * <p>ASCII, checked eight bytes at a time while hashing, takes the fast path: a Latin-1 copy, which
 * is valid UTF-8 as it is. Anything else is validated strictly before decoding. Not thread-safe.
 */
final class StringTable {
  static final int SIZE = 1 << 10;
  static final int MAX_CACHED_BYTES = 64;

  private static final int SHIFT = 64 - Integer.numberOfTrailingZeros(SIZE);
  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[][] keys = new byte[SIZE][];
  private final String[] values = new String[SIZE];
  private final int[] lastMissHash = new int[SIZE];

  /** The string {@code len} bytes of {@code b} from {@code off} encode, or null if not UTF-8. */
  String get(byte[] b, int off, int len) {
    if (len == 0) {
      return "";
    }
    if (len > MAX_CACHED_BYTES) {
      return decode(b, off, len, isAscii(b, off, len));
    }
    int end = off + len;
    long h = MULTIPLIER * len;
    long or;
    if (len >= 8) {
      or = 0;
      int i = off;
      for (; i <= end - 8; i += 8) {
        long w = (long) LONGS.get(b, i);
        or |= w;
        h = (h ^ w) * MULTIPLIER;
      }
      if (i < end) {
        long w = (long) LONGS.get(b, end - 8); // overlaps bytes already hashed; that is fine
        or |= w;
        h = (h ^ w) * MULTIPLIER;
      }
    } else if (off + 8 <= b.length) {
      long w = (long) LONGS.get(b, off) & (-1L >>> (64 - 8 * len));
      or = w;
      h = (h ^ w) * MULTIPLIER;
    } else {
      long w = 0;
      for (int i = end - 1; i >= off; i--) {
        w = (w << 8) | (b[i] & 0xFF);
      }
      or = w;
      h = (h ^ w) * MULTIPLIER;
    }
    int slot = (int) (h >>> SHIFT);
    String cached = values[slot];
    if (cached != null) {
      byte[] key = keys[slot];
      if (Arrays.equals(key, 0, key.length, b, off, end)) {
        return cached;
      }
    }
    String s = decode(b, off, len, (or & HIGH_BITS) == 0);
    int hash = (int) h;
    if (s != null) {
      if (lastMissHash[slot] == hash) {
        keys[slot] = Arrays.copyOfRange(b, off, end);
        values[slot] = s;
      } else {
        lastMissHash[slot] = hash;
      }
    }
    return s;
  }

  private static String decode(byte[] b, int off, int len, boolean ascii) {
    if (ascii) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    return Utf8Validator.isValid(b, off, len)
        ? new String(b, off, len, StandardCharsets.UTF_8)
        : null;
  }

  private static boolean isAscii(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    long or = 0;
    for (; i <= end - 8; i += 8) {
      or |= (long) LONGS.get(b, i);
    }
    for (; i < end; i++) {
      or |= b[i];
    }
    return (or & HIGH_BITS) == 0;
  }
}
