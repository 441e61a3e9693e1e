package dev.vigil.server.http;

import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.snappy.SnappyDecompressor;

/**
 * Decompresses a snappy block-format request body (Prometheus remote write, Loki push) with the
 * announced length checked against a limit before anything is allocated, so a small hostile body
 * announcing gigabytes costs nothing.
 */
public final class SnappyBody {
  private SnappyBody() {}

  /** Why a body was refused: the HTTP status to answer and a message naming the problem. */
  public static final class RefusedException extends Exception {
    private final int status;

    RefusedException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  public static byte[] uncompress(byte[] body, int maxBytes) throws RefusedException {
    SnappyDecompressor snappy = SnappyDecompressor.create();
    int length;
    try {
      length = snappy.getUncompressedLength(body, 0);
    } catch (MalformedInputException
        | IllegalArgumentException
        | ArrayIndexOutOfBoundsException e) {
      throw new RefusedException(
          400, "body is not snappy-compressed (block format): " + e.getMessage());
    }
    if (length < 0 || length > maxBytes) {
      throw new RefusedException(
          413, "uncompressed body of " + length + " bytes is over the limit of " + maxBytes);
    }
    byte[] out = new byte[length];
    try {
      int n = snappy.decompress(body, 0, body.length, out, 0, out.length);
      if (n != length) {
        throw new RefusedException(
            400, "snappy body decompressed to " + n + " bytes, announced " + length);
      }
    } catch (MalformedInputException
        | IllegalArgumentException
        | ArrayIndexOutOfBoundsException e) {
      throw new RefusedException(400, "body is not valid snappy: " + e.getMessage());
    }
    return out;
  }
}
