package dev.vigil.collector;

import dev.vigil.collector.otlp.MalformedOtlpException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Decompresses gzip request bodies without ever producing more than the body limit, so a gzip bomb
 * (a few KiB inflating to gigabytes) costs at most the limit in memory and the time to inflate it.
 */
final class GzipBody {
  private GzipBody() {}

  static byte[] gunzip(byte[] compressed, int offset, int length, int limitBytes)
      throws BodyTooLargeException, MalformedOtlpException {
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(compressed, offset, length), 8192)) {
      byte[] out = new byte[Math.min(limitBytes, Math.max(1024, length * 4)) + 1];
      int size = 0;
      while (true) {
        if (size == out.length) {
          if (out.length > limitBytes) {
            throw new BodyTooLargeException(limitBytes, true);
          }
          out = Arrays.copyOf(out, (int) Math.min((long) limitBytes + 1, out.length * 2L));
        }
        int n = in.read(out, size, out.length - size);
        if (n < 0) {
          break;
        }
        size += n;
        if (size > limitBytes) {
          throw new BodyTooLargeException(limitBytes, true);
        }
      }
      return size == out.length ? out : Arrays.copyOf(out, size);
    } catch (ZipException e) {
      throw new MalformedOtlpException("body is not valid gzip: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MalformedOtlpException("body is not valid gzip (" + e.getMessage() + ")", e);
    }
  }
}
