package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code formatFloat}'s shortcuts must print what the general BigDecimal route prints. */
class GoFormatTest {

  private static String viaBigDecimal(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  @Test
  void shortcutsPrintWhatBigDecimalPrints() {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 0; i < 200_000; i++) {
      double v =
          switch (i % 4) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextInt(2_000_000) / 100.0 - 10_000;
            case 2 -> Math.scalb(random.nextDouble(), random.nextInt(120) - 60);
            default -> (double) (random.nextLong() >> random.nextInt(64));
          };
      if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
        continue;
      }
      assertThat(GoFormat.formatFloat(v)).as("seed %d, %s", seed, v).isEqualTo(viaBigDecimal(v));
    }
  }

  @Test
  void edges() {
    assertThat(GoFormat.formatFloat(1e15)).isEqualTo("1000000000000000");
    assertThat(GoFormat.formatFloat(1e21)).isEqualTo("1000000000000000000000");
    assertThat(GoFormat.formatFloat(0.001)).isEqualTo("0.001");
    assertThat(GoFormat.formatFloat(1e-7)).isEqualTo("0.0000001");
    assertThat(GoFormat.formatFloat(-2.5)).isEqualTo("-2.5");
    assertThat(GoFormat.formatFloat(-0.0)).isEqualTo("-0");
    assertThat(GoFormat.formatFloat(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFormat.formatFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }
}
