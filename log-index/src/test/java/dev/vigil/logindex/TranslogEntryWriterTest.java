package dev.vigil.logindex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * An entry written record by record is byte for byte what {@link TranslogEntry#encode} writes for
 * the same records (so replay reads it as before), and each source handed to the documents is that
 * record's bytes, through batches of every size on one thread, each reusing the last one's buffer:
 * smaller after larger, and larger than the buffer has grown so far.
 */
class TranslogEntryWriterTest {
  @Test
  void writesWhatTheEntryEncodesAndSourcesAreTheRecordsBytes() {
    Random rnd = new Random(17);
    int[] sizes = {1, 100, 3, 2000, 0, 5000, 7, 1};
    for (int round = 0; round < sizes.length; round++) {
      int n = sizes[round];
      Tenant tenant = new Tenant(round % 2 == 0 ? "default" : "team-" + round);
      long[] ts = new long[n];
      List<byte[]> sources = new ArrayList<>();
      TranslogEntryWriter w = TranslogEntryWriter.begin(tenant);
      for (int i = 0; i < n; i++) {
        ts[i] = rnd.nextLong();
        // Sources arrive in the encoder's reused buffer: longer than the record, junk after it.
        byte[] buffer = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 20_000 : 400)];
        rnd.nextBytes(buffer);
        int length = rnd.nextInt(buffer.length + 1);
        sources.add(Arrays.copyOf(buffer, length));
        w.add(ts[i], buffer, length);
      }
      assertThat(w.count()).isEqualTo(n);
      byte[] expected = new TranslogEntry(tenant, ts, sources).encode();
      assertThat(Arrays.copyOf(w.bytes(), w.length())).as("round %d", round).isEqualTo(expected);
      for (int i = 0; i < n; i++) {
        BytesRef s = w.source(i);
        assertThat(Arrays.copyOfRange(s.bytes, s.offset, s.offset + s.length))
            .as("round %d, source %d", round, i)
            .isEqualTo(sources.get(i));
      }
      TranslogEntry back = TranslogEntry.decode(Arrays.copyOf(w.bytes(), w.length()));
      assertThat(back.tenant()).isEqualTo(tenant);
      assertThat(back.timestamps()).isEqualTo(ts);
    }
  }
}
