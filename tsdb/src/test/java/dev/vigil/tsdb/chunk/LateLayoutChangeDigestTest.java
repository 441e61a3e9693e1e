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
