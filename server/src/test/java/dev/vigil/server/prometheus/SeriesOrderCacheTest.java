package dev.vigil.server.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import dev.vigil.model.Tenant;
import dev.vigil.model.series.LabelMatcher;
import dev.vigil.model.series.SampleIterator;
import dev.vigil.model.series.Series;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.model.series.SeriesQuerier;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.head.HeadOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote-write requests decoded into a real tsdb through the positional cache: whatever the order
 * of the series from one request to the next, every sample lands in its own series and tenant, and
 * a repeated order is served by position.
 */
class SeriesOrderCacheTest {
  private static final Tenant A = new Tenant("team-a");
  private static final Tenant B = new Tenant("team-b");
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;
  private Tsdb tsdb;
  private final LabelsCache labels = new LabelsCache();
  private final SeriesOrderCache orders = new SeriesOrderCache();

  @BeforeEach
  void open() throws Exception {
    tsdb = Tsdb.open(dir, HeadOptions.DEFAULT);
  }

  @AfterEach
  void close() throws Exception {
    tsdb.close();
  }

  @Test
  void aRepeatedOrderIsFoundByPosition() throws Exception {
    List<String> hosts = hosts(0, 5);
    write(A, hosts, 0);
    long before = orders.hits();
    write(A, hosts, 1);
    write(A, hosts, 2);
    assertThat(orders.hits() - before).isEqualTo(10);
    for (int h = 0; h < 5; h++) {
      assertThat(values(A, hosts.get(h))).containsExactly(value(h, 0), value(h, 1), value(h, 2));
    }
  }

  @Test
  void aChangedOrderStillLandsInEachSeries() throws Exception {
    List<String> hosts = hosts(0, 6);
    write(A, hosts, 0);
    List<String> reversed = new ArrayList<>(hosts.reversed());
    write(A, reversed, 1);
    // The first series changed too, so this is a request of its own; its order is now remembered.
    write(A, reversed, 2);
    List<String> swapped = new ArrayList<>(hosts);
    swapped.set(2, hosts.get(3));
    swapped.set(3, hosts.get(2));
    write(A, swapped, 3);
    write(A, swapped, 4);
    for (String host : hosts) {
      int h = hosts.indexOf(host);
      assertThat(values(A, host))
          .as(host)
          .containsExactly(value(h, 0), value(h, 1), value(h, 2), value(h, 3), value(h, 4));
    }
  }

  @Test
  void aDroppedOrAddedSeriesShiftsTheRest() throws Exception {
    List<String> hosts = hosts(0, 6);
    write(A, hosts, 0);
    List<String> dropped = new ArrayList<>(hosts);
    dropped.remove(2);
    write(A, dropped, 1);
    List<String> added = new ArrayList<>(dropped);
    added.add(1, "new-host");
    write(A, added, 2);
    write(A, hosts.subList(0, 3), 3);
    assertThat(values(A, hosts.get(0))).containsExactly(0.0, 1.0, 2.0, 3.0);
    assertThat(values(A, hosts.get(2))).containsExactly(value(2, 0), value(2, 3));
    assertThat(values(A, hosts.get(5))).containsExactly(value(5, 0), value(5, 1), value(5, 2));
    assertThat(values(A, "new-host")).containsExactly(value(hosts.indexOf("new-host"), 2));
  }

  @Test
  void differentLabelsAtTheSamePositionAreAnotherSeries() throws Exception {
    List<String> hosts = hosts(0, 4);
    write(A, hosts, 0);
    List<String> relabelled = new ArrayList<>(hosts);
    // Same length, one byte apart: a position compare must not take it for the old series.
    relabelled.set(1, hosts.get(1).replace("host-1", "host-9"));
    write(A, relabelled, 1);
    assertThat(values(A, hosts.get(1))).containsExactly(value(1, 0));
    assertThat(values(A, relabelled.get(1))).containsExactly(value(-1, 1));
    assertThat(values(A, hosts.get(3))).containsExactly(value(3, 0), value(3, 1));
  }

  @Test
  void twoTenantsSendingTheSameSeriesKeepTheirOwn() throws Exception {
    List<String> hosts = hosts(0, 4);
    for (int step = 0; step < 4; step++) {
      write(step % 2 == 0 ? A : B, hosts, step);
    }
    for (int h = 0; h < 4; h++) {
      assertThat(values(A, hosts.get(h))).containsExactly(value(h, 0), value(h, 2));
      assertThat(values(B, hosts.get(h))).containsExactly(value(h, 1), value(h, 3));
    }
    assertThat(orders.size()).isEqualTo(2);
  }

  @Test
  void overItsByteBudgetItStartsOverAndStaysCorrect() throws Exception {
    SeriesOrderCache tiny = new SeriesOrderCache(300);
    for (int step = 0; step < 6; step++) {
      List<String> hosts = hosts(step % 3 * 10, 4);
      byte[] message = request(hosts, step);
      SeriesAppender appender = tsdb.appender();
      RemoteWriteDecoder.decode(message, A, appender, null, labels, tiny);
      appender.commit();
      assertThat(tiny.size()).isLessThanOrEqualTo(1);
    }
    assertThat(values(A, "host-0:9100")).containsExactly(value(0, 0), value(0, 3));
  }

  private static List<String> hosts(int from, int n) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add("host-" + i + ":9100");
    }
    return out;
  }

  /** The value of host number {@code h} at {@code step}; -1 for a host not in the first list. */
  private static double value(int h, int step) {
    return step + (h < 0 ? 0.5 : 0);
  }

  private void write(Tenant tenant, List<String> instances, int step) throws Exception {
    SeriesAppender appender = tsdb.appender();
    RemoteWriteDecoder.Result r =
        RemoteWriteDecoder.decode(request(instances, step), tenant, appender, null, labels, orders);
    appender.commit();
    assertThat(r.refused()).isZero();
    assertThat(r.samples()).isEqualTo(instances.size());
  }

  /** One sample per instance, valued {@code step} (plus 0.5 for an instance not named host-N). */
  private static byte[] request(List<String> instances, int step) throws Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream r = CodedOutputStream.newInstance(request);
    for (String instance : instances) {
      ByteArrayOutputStream series = new ByteArrayOutputStream();
      CodedOutputStream s = CodedOutputStream.newInstance(series);
      String[] pairs = {"__name__", "node_load1", "instance", instance, "job", "node"};
      for (int i = 0; i < pairs.length; i += 2) {
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        CodedOutputStream l = CodedOutputStream.newInstance(label);
        l.writeString(1, pairs[i]);
        l.writeString(2, pairs[i + 1]);
        l.flush();
        s.writeByteArray(1, label.toByteArray());
      }
      ByteArrayOutputStream sample = new ByteArrayOutputStream();
      CodedOutputStream p = CodedOutputStream.newInstance(sample);
      boolean known = instance.startsWith("host-") && !instance.startsWith("host-9:");
      p.writeDouble(1, step + (known ? 0 : 0.5));
      p.writeInt64(2, T0 + step * 15_000L);
      p.flush();
      s.writeByteArray(2, sample.toByteArray());
      s.flush();
      r.writeByteArray(1, series.toByteArray());
    }
    r.flush();
    return request.toByteArray();
  }

  private List<Double> values(Tenant tenant, String instance) {
    List<Double> out = new ArrayList<>();
    try (SeriesQuerier q = tsdb.querier(tenant, 0, Long.MAX_VALUE)) {
      for (Series s :
          q.select(
              List.of(
                  LabelMatcher.equal("__name__", "node_load1"),
                  LabelMatcher.equal("instance", instance)))) {
        SampleIterator it = s.samples();
        while (it.next()) {
          out.add(it.value());
        }
      }
    }
    return out;
  }
}
