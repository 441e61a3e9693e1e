package dev.vigil.logindex.store;

import dev.vigil.model.Attributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.IndexableField;

/**
 * The fields a resource gives the documents of its records: its attributes' {@code resource.*}
 * fields, and per severity the stream labels' doc value. Built once per resource group of a batch
 * and shared by its documents: built per record, the stream labels alone took 4.6 % of the
 * appending threads' samples in the 2026-12-07 profile (log-index/README.md).
 */
final class ResourceFields {
  private final Attributes resource;
  private final List<IndexableField> attributeFields;
  private final Map<Severity, SortedDocValuesField> streams = new HashMap<>();

  ResourceFields(Attributes resource) {
    this.resource = resource;
    List<IndexableField> fields = new ArrayList<>();
    LogDocuments.attributes(fields::add, LogFields.RESOURCE_PREFIX, resource);
    this.attributeFields = List.copyOf(fields);
  }

  List<IndexableField> attributeFields() {
    return attributeFields;
  }

  /** The {@link LogFields#STREAM} doc value of a record of this resource and severity. */
  SortedDocValuesField stream(Severity severity) {
    SortedDocValuesField f = streams.get(severity);
    if (f == null) {
      f =
          new SortedDocValuesField(
              LogFields.STREAM,
              StreamLabels.encode(StreamLabels.of(resource, severity.text(), severity.number())));
      streams.put(severity, f);
    }
    return f;
  }
}
