package dev.vigil.collector.otlp;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A growable stack of references reused across requests, where the decoder collects the elements of
 * repeated fields (attribute key/value pairs, array values, spans, groups) until their enclosing
 * message ends. A message remembers {@link #size()} when it starts, pushes its elements, and takes
 * them off with one of the {@code pop} methods; nested messages push above and pop before their
 * parent continues, so a parent's elements stay contiguous. Not thread-safe.
 */
final class ObjectStack {
  private Object[] elements = new Object[256];
  private int size;

  int size() {
    return size;
  }

  void push(Object o) {
    if (size == elements.length) {
      elements = Arrays.copyOf(elements, size * 2);
    }
    elements[size++] = o;
  }

  Object get(int index) {
    return elements[index];
  }

  /** Removes the elements from {@code from} up as an immutable list (no nulls allowed). */
  @SuppressWarnings("unchecked")
  <T> List<T> popList(int from) {
    Object[] e = elements;
    List<Object> list =
        switch (size - from) {
          case 0 -> List.of();
          case 1 -> List.of(e[from]);
          case 2 -> List.of(e[from], e[from + 1]);
          default -> List.of(Arrays.copyOfRange(e, from, size));
        };
    truncate(from);
    return (List<T>) list;
  }

  /** Removes the elements from {@code from} up as an unmodifiable list that may hold nulls. */
  List<Object> popNullableList(int from) {
    if (size == from) {
      return List.of();
    }
    List<Object> list =
        Collections.unmodifiableList(Arrays.asList(Arrays.copyOfRange(elements, from, size)));
    truncate(from);
    return list;
  }

  /** Drops the elements from {@code from} up, clearing the references for the garbage collector. */
  void truncate(int from) {
    Arrays.fill(elements, from, size, null);
    size = from;
  }
}
