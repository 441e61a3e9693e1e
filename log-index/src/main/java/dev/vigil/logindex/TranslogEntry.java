package dev.vigil.logindex;

import dev.vigil.logindex.store.CorruptSourceException;
import dev.vigil.model.Tenant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One translog record: the accepted records of one appended batch, each in its stored-source form,
 * with their tenant and index timestamps (see {@code FORMAT.md}).
 */
record TranslogEntry(Tenant tenant, long[] timestamps, List<byte[]> sources) {
  static final byte VERSION = 1;

  byte[] encode() {
    byte[] tenantId = modifiedUtf8(tenant.id());
    int size = 1 + tenantId.length + 4;
    for (byte[] s : sources) {
      size += 12 + s.length;
    }
    // Big-endian, as DataOutputStream writes and decode reads; one copy of each source.
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).put(tenantId).putInt(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      out.putLong(timestamps[i]).putInt(sources.get(i).length).put(sources.get(i));
    }
    return out.array();
  }

  /** The string as {@link DataOutputStream#writeUTF} writes it, length first. */
  static byte[] modifiedUtf8(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + s.length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(s);
    } catch (IOException e) {
      throw new UncheckedIOException("BUG: writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  static TranslogEntry decode(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new CorruptSourceException("unknown translog entry version " + version);
      }
      Tenant tenant = new Tenant(in.readUTF());
      int n = in.readInt();
      if (n < 0 || n > payload.length) {
        throw new CorruptSourceException("impossible record count " + n);
      }
      long[] timestamps = new long[n];
      List<byte[]> sources = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        timestamps[i] = in.readLong();
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
          throw new CorruptSourceException("impossible record length " + len);
        }
        sources.add(in.readNBytes(len));
      }
      return new TranslogEntry(tenant, timestamps, sources);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptSourceException("translog entry unreadable: " + e.getMessage());
    }
  }
}
