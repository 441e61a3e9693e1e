package dev.vigil.collector.otlp;

import dev.vigil.model.Attributes;
import dev.vigil.model.Batch;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.Tenant;
import java.util.List;

/**
 * Decodes the envelope the three OTLP export requests share: {@code repeated Resource*} (resource,
 * scope groups, schema URL), each with {@code repeated Scope*} (scope, items, schema URL). The
 * items themselves are left to a signal's {@link ItemDecoder}. A resource or scope sent in several
 * pieces is merged as protobuf merges it. Not thread-safe.
 */
final class GroupsDecoder {

  /** Decodes one span, log record or metric. */
  interface ItemDecoder<T> {
    /** Reads one item (the reader at its length): the item, or null when it was refused. */
    T read() throws MalformedOtlpException;
  }

  /** The protobuf names of one signal's group messages, for error messages. */
  record Names(String resourceSchemaUrl, String scopeSchemaUrl) {
    static Names of(String resourceGroup, String scopeGroup) {
      return new Names(resourceGroup + ".schema_url", scopeGroup + ".schema_url");
    }
  }

  private final ProtoReader r;
  private final ObjectStack stack;
  private final AttributesDecoder attributes;

  private Attributes resourceAttributes;
  private int resourceDropped;
  private String scopeName;
  private String scopeVersion;
  private Attributes scopeAttributes;
  private int scopeDropped;

  GroupsDecoder(ProtoReader r, ObjectStack stack, AttributesDecoder attributes) {
    this.r = r;
    this.stack = stack;
    this.attributes = attributes;
  }

  /** Decodes a whole export request, from the reader's position to its limit. */
  <T> Batch<T> decode(Tenant tenant, Names names, ItemDecoder<T> items)
      throws MalformedOtlpException {
    int from = stack.size();
    while (r.hasMore()) {
      int tag = r.readTag();
      if (tag == 10) {
        stack.push(readResourceGroup(names, items));
      } else {
        r.skipField(tag);
      }
    }
    List<ResourceGroup<T>> resources = stack.popList(from);
    return new Batch<>(tenant, resources);
  }

  private <T> ResourceGroup<T> readResourceGroup(Names names, ItemDecoder<T> items)
      throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    resourceAttributes = Attributes.EMPTY;
    resourceDropped = 0;
    String schemaUrl = "";
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> readResource();
        case 18 -> stack.push(readScopeGroup(names, items));
        case 26 -> schemaUrl = r.readString(names.resourceSchemaUrl());
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    List<ScopeGroup<T>> scopes = stack.popList(from);
    return new ResourceGroup<>(
        new Resource(resourceAttributes, resourceDropped, schemaUrl), scopes);
  }

  private void readResource() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> attributes.readKeyValue();
        case 16 -> resourceDropped = r.readVarint32();
        case 26 -> skipEntityRef();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    resourceAttributes =
        AttributesDecoder.concat(resourceAttributes, attributes.popAttributes(from));
  }

  /** Resource.entity_refs has no place in the model, but its strings must still be UTF-8. */
  private void skipEntityRef() throws MalformedOtlpException {
    int outer = r.enterMessage();
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> r.skipString("EntityRef.schema_url");
        case 18 -> r.skipString("EntityRef.type");
        case 26 -> r.skipString("EntityRef.id_keys");
        case 34 -> r.skipString("EntityRef.description_keys");
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
  }

  private <T> ScopeGroup<T> readScopeGroup(Names names, ItemDecoder<T> items)
      throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    scopeName = "";
    scopeVersion = "";
    scopeAttributes = Attributes.EMPTY;
    scopeDropped = 0;
    String schemaUrl = "";
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> readScope();
        case 18 -> {
          T item = items.read();
          if (item != null) {
            stack.push(item);
          }
        }
        case 26 -> schemaUrl = r.readString(names.scopeSchemaUrl());
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    List<T> list = stack.popList(from);
    Scope scope = new Scope(scopeName, scopeVersion, scopeAttributes, scopeDropped, schemaUrl);
    return new ScopeGroup<>(scope, list);
  }

  private void readScope() throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> scopeName = r.readString("InstrumentationScope.name");
        case 18 -> scopeVersion = r.readString("InstrumentationScope.version");
        case 26 -> attributes.readKeyValue();
        case 32 -> scopeDropped = r.readVarint32();
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    scopeAttributes = AttributesDecoder.concat(scopeAttributes, attributes.popAttributes(from));
  }
}
