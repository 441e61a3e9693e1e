package dev.vigil.model.access;

import dev.vigil.model.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves the tenant of a request from its {@code Authorization} and tenant headers.
 *
 * <p>Without API tokens every request is let in and its tenant comes from the tenant header
 * (default {@code X-Scope-OrgID}), else {@link Tenant#DEFAULT}. With tokens configured every
 * request must carry {@code Authorization: Bearer <token>} of a known token, and the token's tenant
 * overrides any tenant header, so a token can never write or read another tenant's data.
 *
 * <p>Tokens are kept only as SHA-256 digests and looked up by digest, so neither the lookup time
 * nor a heap dump reveals them, and no message or log line ever contains one. Thread-safe.
 */
public final class AccessPolicy {
  public static final String DEFAULT_TENANT_HEADER = "X-Scope-OrgID";

  private final String tenantHeader;
  private final Map<String, Tenant> tenantByTokenDigest;

  /**
   * @param tenantHeader the header naming the tenant when no token decides it
   * @param tokens API token to the tenant it is bound to; empty for an open server
   */
  public AccessPolicy(String tenantHeader, Map<String, Tenant> tokens) {
    this.tenantHeader = Objects.requireNonNull(tenantHeader, "tenantHeader");
    Map<String, Tenant> digests = new HashMap<>();
    tokens.forEach((token, tenant) -> {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("an API token is empty");
      }
      digests.put(digest(token), Objects.requireNonNull(tenant, "tenant"));
    });
    this.tenantByTokenDigest = Map.copyOf(digests);
  }

  public static AccessPolicy open() {
    return new AccessPolicy(DEFAULT_TENANT_HEADER, Map.of());
  }

  public String tenantHeader() {
    return tenantHeader;
  }

  public boolean requiresToken() {
    return !tenantByTokenDigest.isEmpty();
  }

  /**
   * Decides a request.
   *
   * @param authorization the {@code Authorization} header value, or null
   * @param tenantHeaderValue the tenant header value, or null
   */
  public Decision decide(String authorization, String tenantHeaderValue) {
    if (requiresToken()) {
      if (authorization == null) {
        return new Decision.Unauthenticated(
            "missing Authorization header: this server requires 'Authorization: Bearer <token>'");
      }
      String value = authorization.strip();
      if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        return new Decision.Unauthenticated("the Authorization header must be 'Bearer <token>'");
      }
      Tenant tenant = tenantByTokenDigest.get(digest(value.substring(7).strip()));
      if (tenant == null) {
        return new Decision.Unauthenticated("unknown API token");
      }
      return new Decision.Granted(tenant);
    }
    if (tenantHeaderValue == null || tenantHeaderValue.isEmpty()) {
      return new Decision.Granted(Tenant.DEFAULT);
    }
    String problem = Tenant.problem(tenantHeaderValue);
    if (problem != null) {
      return new Decision.BadTenant("invalid " + tenantHeader + " header: " + problem);
    }
    return new Decision.Granted(new Tenant(tenantHeaderValue));
  }

  /** The outcome of {@link #decide}. */
  public sealed interface Decision {
    /** Let in, as this tenant. */
    record Granted(Tenant tenant) implements Decision {}

    /** No or unknown token: HTTP 401, gRPC UNAUTHENTICATED. */
    record Unauthenticated(String message) implements Decision {}

    /** The tenant header is not a valid tenant id: HTTP 400, gRPC INVALID_ARGUMENT. */
    record BadTenant(String message) implements Decision {}
  }

  private static String digest(String token) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("BUG: SHA-256 is required of every JVM", e);
    }
  }
}
