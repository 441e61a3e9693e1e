package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.series.SampleBuffer;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The in-place overlay gives what a map written older first, newer second, holds. */
class SampleOverlayTest {
  @Test
  void overlayEqualsNewerWinsMap() {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    for (int round = 0; round < 20_000; round++) {
      int prefix = random.nextInt(3);
      TreeMap<Long, Double> older = new TreeMap<>();
      TreeMap<Long, Double> newer = new TreeMap<>();
      int span = 1 + random.nextInt(60);
      for (int i = random.nextInt(40); i > 0; i--) {
        older.put((long) random.nextInt(span), random.nextDouble());
      }
      for (int i = random.nextInt(40); i > 0; i--) {
        newer.put((long) random.nextInt(span) + random.nextInt(3) * 20L, -random.nextDouble());
      }
      SampleBuffer out = new SampleBuffer(1 + random.nextInt(4));
      for (int i = 0; i < prefix; i++) {
        out.add(-10 + i, i);
      }
      older.forEach(out::add);
      long[] nt = new long[newer.size() + 2];
      double[] nv = new double[nt.length];
      int n = 1;
      for (var e : newer.entrySet()) {
        nt[n] = e.getKey();
        nv[n++] = e.getValue();
      }
      SampleOverlay.overlay(out, prefix, nt, nv, 1, n);
      TreeMap<Long, Double> expected = new TreeMap<>(older);
      expected.putAll(newer);
      assertThat(out.size())
          .as("seed %d round %d", seed, round)
          .isEqualTo(prefix + expected.size());
      int i = prefix;
      for (var e : expected.entrySet()) {
        assertThat(out.timestamps()[i]).as("seed %d round %d", seed, round).isEqualTo(e.getKey());
        assertThat(out.values()[i++]).as("seed %d round %d", seed, round).isEqualTo(e.getValue());
      }
      for (int p = 0; p < prefix; p++) {
        assertThat(out.timestamps()[p]).isEqualTo(-10 + p);
      }
    }
  }

  @Test
  void mergeAfterEqualsNewerWinsMap() {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    for (int round = 0; round < 20_000; round++) {
      int prefix = random.nextInt(3);
      TreeMap<Long, Double> older = new TreeMap<>();
      TreeMap<Long, Double> newer = new TreeMap<>();
      int span = 1 + random.nextInt(60);
      for (int i = random.nextInt(40); i > 0; i--) {
        older.put((long) random.nextInt(span), random.nextDouble());
      }
      long shift = random.nextInt(span + 1);
      for (int i = random.nextInt(40); i > 0; i--) {
        newer.put(shift + random.nextInt(span), -random.nextDouble());
      }
      SampleBuffer out = new SampleBuffer(1 + random.nextInt(4));
      for (int i = 0; i < prefix; i++) {
        out.add(-10 + i, i);
      }
      older.forEach(out::add);
      int split = out.size();
      newer.forEach(out::add);
      SampleOverlay.mergeAfter(out, prefix, split);
      TreeMap<Long, Double> expected = new TreeMap<>(older);
      expected.putAll(newer);
      String where = "seed " + seed + " round " + round;
      assertThat(out.size()).as(where).isEqualTo(prefix + expected.size());
      int i = prefix;
      for (var e : expected.entrySet()) {
        assertThat(out.timestamps()[i]).as(where).isEqualTo(e.getKey());
        assertThat(out.values()[i++]).as(where).isEqualTo(e.getValue());
      }
      for (int p = 0; p < prefix; p++) {
        assertThat(out.timestamps()[p]).isEqualTo(-10 + p);
      }
    }
  }
}
