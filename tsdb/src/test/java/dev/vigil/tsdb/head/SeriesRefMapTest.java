package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The primitive ref map behaves as a {@code HashMap<Long, MemSeries>} under any mix of puts and
 * removes.
 */
class SeriesRefMapTest {

  @Property(tries = 200)
  void behavesLikeAHashMap(@ForAll long seed) {
    Random rnd = new Random(seed);
    // Few distinct refs so that removals hit probe runs; some far apart, some consecutive.
    int range = 1 + rnd.nextInt(2000);
    long base = rnd.nextBoolean() ? 1 : rnd.nextLong();
    SeriesRefMap map = new SeriesRefMap();
    Map<Long, MemSeries> expected = new HashMap<>();
    for (int op = 0; op < 3000; op++) {
      long ref = base + rnd.nextInt(range);
      switch (rnd.nextInt(3)) {
        case 0, 1 -> {
          MemSeries s = new MemSeries(ref, Tenant.DEFAULT, Labels.of("a", "b"), null);
          map.put(ref, s);
          expected.put(ref, s);
        }
        default -> assertThat(map.remove(ref)).isSameAs(expected.remove(ref));
      }
      long probe = base + rnd.nextInt(range);
      assertThat(map.get(probe)).isSameAs(expected.get(probe));
      assertThat(map.size()).isEqualTo(expected.size());
    }
    for (Map.Entry<Long, MemSeries> e : expected.entrySet()) {
      assertThat(map.get(e.getKey())).isSameAs(e.getValue());
    }
    assertThat(map.values()).containsExactlyInAnyOrderElementsOf(expected.values());
  }
}
