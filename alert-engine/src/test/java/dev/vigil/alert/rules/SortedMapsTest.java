package dev.vigil.alert.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rules' compact maps behave as the sorted, immutable copies they stand for. */
class SortedMapsTest {
  @Test
  void aCopyIsTheSortedMapOfItsInputAndCannotChange() {
    SplittableRandom random = new SplittableRandom(5);
    for (int round = 0; round < 500; round++) {
      Map<String, String> input = new HashMap<>();
      int n = random.nextInt(8);
      for (int i = 0; i < n; i++) {
        input.put("k" + random.nextInt(20), random.nextBoolean() ? "v" + random.nextInt(5) : "");
      }
      TreeMap<String, String> expected = new TreeMap<>(input);
      Map<String, String> copy = SortedMaps.copyOf(input);

      assertThat(copy).isEqualTo(expected).hasSameHashCodeAs(expected);
      assertThat(expected).isEqualTo(copy);
      assertThat(new ArrayList<>(copy.keySet())).containsExactlyElementsOf(expected.keySet());
      assertThat(List.copyOf(copy.values())).containsExactlyElementsOf(expected.values());
      assertThat(copy.toString()).isEqualTo(expected.toString());
      for (int i = 0; i < 20; i++) {
        String k = "k" + i;
        assertThat(copy.get(k)).isEqualTo(expected.get(k));
        assertThat(copy.containsKey(k)).isEqualTo(expected.containsKey(k));
      }
      assertThat(copy.get(42)).isNull();
      assertThatThrownBy(() -> copy.put("k0", "x"))
          .isInstanceOf(UnsupportedOperationException.class);
      if (!copy.isEmpty()) {
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue("x"))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(
                () -> {
                  var it = copy.keySet().iterator();
                  it.next();
                  it.remove();
                })
            .isInstanceOf(UnsupportedOperationException.class);
      }
      input.put("k99", "changed");
      assertThat(copy).doesNotContainKey("k99");
    }
  }
}
