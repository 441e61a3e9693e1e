package dev.vigil.logindex.store;

import dev.vigil.model.Attributes;
import dev.vigil.model.log.LogRecord;

/**
 * A log record with the context it arrived in: what the stored source holds and a query returns.
 */
public record StoredRecord(
    Attributes resource, String scopeName, String scopeVersion, LogRecord record) {}
