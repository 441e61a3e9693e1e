package dev.vigil.model.access;

import dev.vigil.model.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves the tenant of a request from its {@code Authorization} and tenant headers.
 *
 * <p>Without API tokens every request is let in and its tenant comes from the tenant header
 * (default {@code X-Scope-OrgID}), else {@link Tenant#DEFAULT}. With tokens configured every
 * request must carry {@code Authorization: Bearer <token>} of a known token, and the token's tenant
 * overrides any tenant header, so a token can never write or read another tenant's data.
 *
 * <p>Admin APIs (a tsdb snapshot) are off unless enabled, as Prometheus' {@code
 * --web.enable-admin-api}; when on and tokens are configured, only tokens marked admin may call
 * them (an admin call still acts on its token's tenant only).
 *
 * <p>Tokens are kept only as SHA-256 digests and looked up by digest, so neither the lookup time
 * nor a heap dump reveals them, and no message or log line ever contains one. Thread-safe.
 */
public final class AccessPolicy {
  public static final String DEFAULT_TENANT_HEADER = "X-Scope-OrgID";

  private final String tenantHeader;
  private final Map<String, Tenant> tenantByTokenDigest;
  private final Set<String> adminTokenDigests;
  private final boolean adminApi;

  /**
   * @param tenantHeader the header naming the tenant when no token decides it
   * @param tokens API token to the tenant it is bound to; empty for an open server
   */
  public AccessPolicy(String tenantHeader, Map<String, Tenant> tokens) {
    this(tenantHeader, tokens, Set.of(), false);
  }

  /**
   * @param adminTokens the tokens (each also in {@code tokens}) that may call admin APIs
   * @param adminApi whether admin APIs answer at all
   */
  public AccessPolicy(
      String tenantHeader, Map<String, Tenant> tokens, Set<String> adminTokens, boolean adminApi) {
    this.tenantHeader = Objects.requireNonNull(tenantHeader, "tenantHeader");
    this.adminApi = adminApi;
    Set<String> admins = new HashSet<>();
    for (String token : adminTokens) {
      if (!tokens.containsKey(token)) {
        throw new IllegalArgumentException("an admin token is not among the API tokens");
      }
      admins.add(digest(token));
    }
    this.adminTokenDigests = Set.copyOf(admins);
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

  /** The same policy with admin APIs switched on or off. */
  public AccessPolicy withAdminApi(boolean enabled) {
    return new AccessPolicy(enabled, tenantHeader, tenantByTokenDigest, adminTokenDigests);
  }

  /** From digests already made. */
  private AccessPolicy(
      boolean adminApi,
      String tenantHeader,
      Map<String, Tenant> digests,
      Set<String> adminDigests) {
    this.adminApi = adminApi;
    this.tenantHeader = tenantHeader;
    this.tenantByTokenDigest = digests;
    this.adminTokenDigests = adminDigests;
  }

  public boolean adminApi() {
    return adminApi;
  }

  /**
   * Why a request already let in by {@link #decide} may not call an admin API, or null if it may:
   * admin APIs must be enabled, and with tokens the request's token must be an admin token.
   */
  public String adminRefusal(String authorization) {
    if (!adminApi) {
      return "admin APIs are disabled; start Vigil with --enable-admin-api or set http.admin-api:"
          + " true";
    }
    if (!requiresToken()) {
      return null;
    }
    String value = authorization == null ? "" : authorization.strip();
    if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return "admin APIs need 'Authorization: Bearer <token>' of an admin token";
    }
    return adminTokenDigests.contains(digest(value.substring(7).strip()))
        ? null
        : "this token may not call admin APIs; mark it 'admin: true' in auth.tokens";
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
