package dev.vigil.tracestore.codec;

import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.tracestore.StoredSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * A span batch as one write-ahead-log record: the batch's resource and scope groups with their
 * spans, row layout. The tenant is not written; each tenant has its own log.
 */
public final class BatchCodec {
  private BatchCodec() {}

  public static void encode(Batch<Span> batch, ByteWriter out) {
    SpanEncoder enc = SpanEncoder.row(out);
    enc.count(batch.resources().size());
    for (ResourceGroup<Span> rg : batch.resources()) {
      enc.resource(rg.resource());
      enc.count(rg.scopes().size());
      for (ScopeGroup<Span> sg : rg.scopes()) {
        enc.scope(sg.scope());
        enc.count(sg.items().size());
        for (Span s : sg.items()) {
          enc.traceId(s.traceId());
          enc.span(s, 0);
        }
      }
    }
  }

  /** The batch's spans, flattened, each with its (shared) resource and scope. */
  public static List<StoredSpan> decode(byte[] payload, int offset, int length) {
    SpanDecoder dec = SpanDecoder.row(new ByteReader(payload, offset, length));
    List<StoredSpan> spans = new ArrayList<>();
    int resources = dec.count();
    for (int r = 0; r < resources; r++) {
      Resource resource = dec.resource();
      int scopes = dec.count();
      for (int s = 0; s < scopes; s++) {
        Scope scope = dec.scope();
        int n = dec.count();
        for (int i = 0; i < n; i++) {
          TraceId id = dec.traceId();
          spans.add(new StoredSpan(resource, scope, dec.span(id, 0)));
        }
      }
    }
    return spans;
  }
}
