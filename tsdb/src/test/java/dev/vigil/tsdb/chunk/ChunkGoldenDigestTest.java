package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The encoder's exact output, pinned: a SHA-256 over every full chunk and a snapshot every 37
 * samples of 1,600 series of both workloads. Round-trip tests pass for any decodable encoding; this
 * one fails when a change meant only to save memory or time changes a bit of what is written
 * (blocks and WAL-replayed heads must stay byte-identical across versions). A deliberate format
 * change updates the digest here and FORMAT.md together.
 *
 * <p>The NO_STALE flag (2026-12-07) changed the header's flags byte of every chunk without a
 * staleness marker and nothing else: with that bit cleared the chunks still give the digest from
 * before it.
 */
class ChunkGoldenDigestTest {
  private static final String DIGEST =
      "68d7aa64a7a4f629947fdb448e56ef0991b720afed529b19e8ba9523ee104164";

  private static final String DIGEST_BEFORE_NO_STALE =
      "c385688b9396c992cb045f84e72ac532515e63e041f640bdc3d3c6d3336bbaf2";

  @Test
  void chunksAreBitIdenticalToThePinnedEncoding() throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    MessageDigest before = MessageDigest.getInstance("SHA-256");
    long bytes = 0;
    Workload[] workloads = {
      Workload.node(1), Workload.mixed(1), Workload.node(7), Workload.mixed(7)
    };
    long[] ts = new long[720];
    double[] vs = new double[720];
    for (Workload w : workloads) {
      for (int id = 0; id < 400; id++) {
        w.series(id, ts, vs);
        ChunkAppender a = ChunkEncoding.ADAPTIVE.newAppender();
        for (int i = 0; i < ts.length; i++) {
          a.append(ts[i], vs[i]);
          if (i % 37 == 5) {
            byte[] b = a.bytes();
            md.update(b);
            before.update(withoutNoStale(b));
          }
          if (a.sampleCount() == 120) {
            byte[] b = a.bytes();
            bytes += b.length;
            md.update(b);
            before.update(withoutNoStale(b));
            a.reset();
          }
        }
      }
    }
    assertThat(bytes).isEqualTo(1_333_225);
    assertThat(HexFormat.of().formatHex(before.digest())).isEqualTo(DIGEST_BEFORE_NO_STALE);
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(DIGEST);
  }

  private static byte[] withoutNoStale(byte[] chunk) {
    byte[] copy = chunk.clone();
    copy[1] &= (byte) ~AdaptiveAppender.FLAG_NO_STALE;
    return copy;
  }
}
