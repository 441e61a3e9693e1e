package dev.vigil.logindex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A translog entry is written byte for byte as {@code DataOutputStream} wrote it before 2026-12-07
 * (translogs written then replay unchanged), and reads back as written.
 */
class TranslogEntryTest {
  @Test
  void encodesAsDataOutputStreamDidAndDecodesWhatItEncoded() throws IOException {
    Random rnd = new Random(3);
    for (String id : List.of("default", "team-a", "t_1")) {
      for (int n : new int[] {1, 2, 100}) {
        long[] ts = new long[n];
        List<byte[]> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ts[i] = rnd.nextLong();
          byte[] s = new byte[rnd.nextInt(300)];
          rnd.nextBytes(s);
          sources.add(s);
        }
        TranslogEntry e = new TranslogEntry(new Tenant(id), ts, sources);
        byte[] encoded = e.encode();
        assertThat(encoded).isEqualTo(asDataOutputStreamWroteIt(e));
        TranslogEntry back = TranslogEntry.decode(encoded);
        assertThat(back.tenant()).isEqualTo(e.tenant());
        assertThat(back.timestamps()).isEqualTo(ts);
        assertThat(back.sources()).containsExactlyElementsOf(sources);
      }
    }
  }

  private static byte[] asDataOutputStreamWroteIt(TranslogEntry e) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(TranslogEntry.VERSION);
      out.writeUTF(e.tenant().id());
      out.writeInt(e.sources().size());
      for (int i = 0; i < e.sources().size(); i++) {
        out.writeLong(e.timestamps()[i]);
        out.writeInt(e.sources().get(i).length);
        out.write(e.sources().get(i));
      }
    }
    return bytes.toByteArray();
  }
}
