package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Chunks whose timestamps stop being regular, or whose values stop being constant, at every sample
 * position of a 120-sample chunk, pinned by a SHA-256 over every chunk and a snapshot after every
 * sample. The appender writes those streams only once the chunk needs them, replaying what it
 * skipped; {@link ChunkGoldenDigestTest}'s workloads mostly change layout within the first samples
 * (jitter) or never, so this covers the late changes. The digest was computed with the encoder of
 * fd82dc1, which wrote both streams from the first sample.
 */
class LateLayoutChangeDigestTest {
  private static final String DIGEST =
      "5b1a60f8a2d80196bd24fe6382148f9ab32a09ee359d7cde88f4e8e1fe8eca01";

  private static final String DIGEST_AFTER_RESET =
      "d6df470a36d62005a288550d90580eeeebc2ccd90fe19da51b9d14d685491d6a";

  @Test
  void aLateChangeOfLayoutWritesTheSameBitsAsWritingFromTheStart() throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    Random random = new Random(11);
    ChunkAppender a = ChunkEncoding.ADAPTIVE.newAppender(); // reused, as the head reuses its own
    long[] ts = new long[120];
    double[] vs = new double[120];
    long chunks = 0;
    for (int shape = 0; shape < 6; shape++) {
      for (int change = 1; change <= 120; change++) {
        long t = 1_764_979_200_000L + random.nextInt(15_000);
        double c = constantOf(shape, random);
        double v = c;
        for (int i = 0; i < 120; i++) {
          // Timestamps: off the grid by a few ms, or a missed scrape, from sample `change` on (in
          // odd shapes); values: the constant until sample (change * 7) % 121, then moving.
          long step = shape % 2 == 1 && i == change ? (change % 3 == 0 ? 30_000 : 15_003) : 15_000;
          t += i == 0 ? 0 : step;
          if (i >= (change * 7) % 121) {
            v = next(shape, v, random);
          }
          ts[i] = t;
          vs[i] = v;
          a.append(t, v);
          md.update(a.bytes());
        }
        byte[] chunk = a.bytes();
        ChunkAssertions.assertDecodes(chunk, ts, vs);
        chunks++;
        a.reset();
      }
    }
    assertThat(chunks).isEqualTo(720);
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(DIGEST);
  }

  /**
   * A reset keeps the value coder's statistics until the next decimal start, so a chunk that starts
   * with a float ends, in a snapshot, with the flush of the zero run the chunk before left pending
   * (bits no reader reaches). When that chunk was constant the appender never wrote its values:
   * this pins that it still leaves the same state. Chunks of 1 to 130 equal or moving values, reset
   * once or twice, each followed by a few floats (and in some a decimal again).
   */
  @Test
  void aChunkAfterAResetWritesWhatItDidWhenAllValuesWereWritten() throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    Random random = new Random(5);
    ChunkAppender a = ChunkEncoding.ADAPTIVE.newAppender();
    long t = 1_764_979_200_000L;
    for (int len = 1; len <= 130; len++) {
      for (int kind = 0; kind < 4; kind++) {
        double c =
            switch (kind) {
              case 0 -> 5;
              case 1 -> 4096.0 * random.nextInt(1000);
              case 2 -> Double.longBitsToDouble(0x7ff0000000000002L);
              default -> random.nextInt(100) / 100.0;
            };
        for (int i = 0; i < len; i++) {
          // kind 3: mostly equal, a step now and then, so the chunk ends in a run or not
          double v = kind == 3 && random.nextInt(8) == 0 ? c + 1 : c;
          a.append(t += 15_000, v);
        }
        md.update(a.bytes());
        a.reset();
        if (len % 7 == 0) {
          a.reset();
        }
        for (int i = 0; i < 5; i++) {
          double v = i == 3 && kind == 1 ? 42 : (random.nextDouble() + 1) * 1e-20;
          a.append(t += 15_000, v);
          md.update(a.bytes());
        }
        a.reset();
      }
    }
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(DIGEST_AFTER_RESET);
  }

  private static double constantOf(int shape, Random random) {
    return switch (shape / 2) {
      case 0 -> random.nextInt(1000) / 100.0; // two decimals
      case 1 -> 4096.0 * random.nextInt(1 << 20); // pages
      default -> Double.longBitsToDouble(0x7ff0000000000002L); // the staleness marker
    };
  }

  private static double next(int shape, double v, Random random) {
    return switch (shape / 2) {
      case 0 -> Math.round((Double.isNaN(v) ? 0 : v) * 100 + random.nextInt(300)) / 100.0;
      case 1 -> v + 4096.0 * (random.nextInt(5) - 2);
      default -> random.nextInt(4) == 0 ? random.nextDouble() : Math.floor(random.nextDouble() * 9);
    };
  }
}
