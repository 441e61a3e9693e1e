package dev.vigil.logindex.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.IndexableField;

/**
 * The fields a record's severity gives its document: the number as a point, the text and the
 * detected level as keywords. A batch has a handful of severities, so {@link LogDocuments} builds
 * these once per severity and batch.
 */
record SeverityFields(List<IndexableField> fields) {
  static SeverityFields of(Severity severity) {
    List<IndexableField> fields = new ArrayList<>(3);
    fields.add(new IntPoint(LogFields.SEVERITY_NUMBER, severity.number()));
    LogDocuments.keyword(fields::add, LogFields.SEVERITY_TEXT, severity.text());
    LogDocuments.keyword(
        fields::add,
        LogFields.DETECTED_LEVEL,
        StreamLabels.detectedLevel(severity.number(), severity.text()));
    return new SeverityFields(List.copyOf(fields));
  }
}
