package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Rice parameter must stay the one the division gave: chunks already written depend on it. */
class QuotientBitLengthTest {
  private static int byDivision(long a, long b) {
    return 64 - Long.numberOfLeadingZeros(a / b);
  }

  @Test
  void equalsTheBitLengthOfTheQuotient() {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 0; i < 2_000_000; i++) {
      long b =
          random.nextInt(4) == 0 ? 1 + random.nextLong(Long.MAX_VALUE) : 1 + random.nextInt(64);
      long a =
          switch (random.nextInt(5)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextLong(1L << random.nextInt(63));
            case 2 -> (b << random.nextInt(Long.numberOfLeadingZeros(b))) - random.nextInt(2);
            case 3 -> random.nextInt(100);
            default -> Long.MAX_VALUE - random.nextInt(3);
          };
      assertThat(ResidualCoder.quotientBitLength(a, b))
          .as("seed %d: %d / %d", seed, a, b)
          .isEqualTo(byDivision(a, b));
    }
  }
}
