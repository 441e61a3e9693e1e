package dev.vigil.logindex;

import dev.vigil.logindex.store.CorruptSourceException;
import dev.vigil.model.Tenant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One translog record: the accepted records of one appended batch, each in its stored-source form,
 * with their tenant and index timestamps (see {@code FORMAT.md}).
 */
record TranslogEntry(Tenant tenant, long[] timestamps, List<byte[]> sources) {
  static final byte VERSION = 1;

  byte[] encode() {
    int size = 16 + tenant.id().length();
    for (byte[] s : sources) {
      size += 12 + s.length;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(tenant.id());
      out.writeInt(sources.size());
      for (int i = 0; i < sources.size(); i++) {
        out.writeLong(timestamps[i]);
        out.writeInt(sources.get(i).length);
        out.write(sources.get(i));
      }
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
