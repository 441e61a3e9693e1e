package dev.vigil.model.series;

/**
 * Prometheus' staleness marker: a specific NaN bit pattern written when a series disappears, so
 * queries stop returning it at once instead of after the lookback window. Distinct from an ordinary
 * NaN sample, which is data.
 */
public final class StaleMarker {
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
  public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

  private StaleMarker() {}

  public static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
  }
}
