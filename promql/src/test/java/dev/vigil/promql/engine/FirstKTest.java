package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * topk and bottomk keep the first k of a stable sort; the bounded selection must keep the same
 * elements in the same order, ties included.
 */
class FirstKTest {
  private record E(int id, int key) {}

  @Test
  void sameAsStableSortPrefix() {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    Comparator<E> order = Comparator.comparingInt(E::key);
    for (int round = 0; round < 5_000; round++) {
      int n = random.nextInt(120);
      int keys = 1 + random.nextInt(10);
      List<E> group = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        group.add(new E(i, random.nextInt(keys)));
      }
      int k = Math.min(n, 1 + random.nextInt(12));
      List<E> sorted = new ArrayList<>(group);
      sorted.sort(order);
      assertThat(SelectingAggregation.firstK(group, k, order))
          .as("seed %d, round %d", seed, round)
          .containsExactlyElementsOf(sorted.subList(0, k));
    }
  }
}
