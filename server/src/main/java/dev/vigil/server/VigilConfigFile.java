package dev.vigil.server;

import dev.vigil.collector.CollectorConfig;
import dev.vigil.collector.ValidationLimits;
import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.head.HeadOptions;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code vigil.yml}. Strict on purpose: an unknown key or a value of the wrong kind is an
 * error naming the file, line and key, because a typo that silently leaves a limit at its default
 * is found only in an incident. The format is documented in the README.
 */
final class VigilConfigFile {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final String file;

  private VigilConfigFile(String file) {
    this.file = file;
  }

  static VigilConfig read(Path path) throws ConfigException {
    try (Reader reader = Files.newBufferedReader(path)) {
      return parse(reader, path.toString());
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
  }

  static VigilConfig parse(Reader reader, String fileName) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    Node root;
    try {
      root = new Yaml(options).compose(reader);
    } catch (YAMLException e) {
      throw new ConfigException(fileName + ": not valid YAML: " + e.getMessage());
    }
    VigilConfig defaults = VigilConfig.defaults();
    if (root == null) {
      return defaults;
    }
    return new VigilConfigFile(fileName).config(root, defaults);
  }

  private VigilConfig config(Node root, VigilConfig d) throws ConfigException {
    Map<String, Node> top =
        mapping(
            root,
            "",
            Set.of(
                "data-dir",
                "http",
                "otlp",
                "limits",
                "auth",
                "tls",
                "tsdb",
                "logs",
                "traces",
                "rules",
                "promql"));
    Path dataDir =
        top.containsKey("data-dir")
            ? Path.of(string(top.get("data-dir"), "data-dir"))
            : d.dataDir();
    String httpHost = d.httpHost();
    int httpPort = d.httpPort();
    Boolean adminApi = null;
    if (top.containsKey("http")) {
      Map<String, Node> http =
          mapping(top.get("http"), "http", Set.of("host", "port", "admin-api"));
      httpHost = http.containsKey("host") ? string(http.get("host"), "http.host") : httpHost;
      httpPort = http.containsKey("port") ? port(http.get("port"), "http.port") : httpPort;
      if (http.containsKey("admin-api")) {
        adminApi = bool(http.get("admin-api"), "http.admin-api");
      }
    }
    CollectorConfig c = d.collector();
    String otlpHost = c.host();
    int grpcPort = c.grpcPort();
    int otlpHttpPort = c.httpPort();
    long maxBody = c.maxBodyBytes();
    long inFlight = c.maxInFlightBodyBytes();
    long queue = c.queueCapacityBytes();
    int workers = c.sinkWorkers();
    int retryAfter = c.retryAfterSeconds();
    if (top.containsKey("otlp")) {
      Map<String, Node> otlp =
          mapping(
              top.get("otlp"),
              "otlp",
              Set.of(
                  "host",
                  "grpc-port",
                  "http-port",
                  "max-body-size",
                  "max-in-flight-body-size",
                  "queue-size",
                  "sink-workers",
                  "retry-after"));
      if (otlp.containsKey("host")) otlpHost = string(otlp.get("host"), "otlp.host");
      if (otlp.containsKey("grpc-port")) grpcPort = port(otlp.get("grpc-port"), "otlp.grpc-port");
      if (otlp.containsKey("http-port"))
        otlpHttpPort = port(otlp.get("http-port"), "otlp.http-port");
      if (otlp.containsKey("max-body-size"))
        maxBody = size(otlp.get("max-body-size"), "otlp.max-body-size");
      if (otlp.containsKey("max-in-flight-body-size"))
        inFlight = size(otlp.get("max-in-flight-body-size"), "otlp.max-in-flight-body-size");
      if (otlp.containsKey("queue-size")) queue = size(otlp.get("queue-size"), "otlp.queue-size");
      if (otlp.containsKey("sink-workers"))
        workers = intValue(otlp.get("sink-workers"), "otlp.sink-workers", 1, 64);
      if (otlp.containsKey("retry-after"))
        retryAfter =
            (int) Math.max(1, duration(otlp.get("retry-after"), "otlp.retry-after").toSeconds());
    }
    if (maxBody > Integer.MAX_VALUE - 16 || maxBody < 1024) {
      throw new ConfigException(file + ": otlp.max-body-size must be between 1KiB and 2GiB");
    }
    ValidationLimits l = c.limits();
    if (top.containsKey("limits")) {
      Map<String, Node> limits =
          mapping(
              top.get("limits"),
              "limits",
              Set.of(
                  "max-attribute-key-length",
                  "max-attribute-value-length",
                  "max-attributes-per-item",
                  "max-attribute-depth",
                  "max-name-length",
                  "max-future-skew"));
      l =
          new ValidationLimits(
              limits.containsKey("max-attribute-key-length")
                  ? intValue(
                      limits.get("max-attribute-key-length"),
                      "limits.max-attribute-key-length",
                      1,
                      Integer.MAX_VALUE)
                  : l.maxAttributeKeyLength(),
              limits.containsKey("max-attribute-value-length")
                  ? intValue(
                      limits.get("max-attribute-value-length"),
                      "limits.max-attribute-value-length",
                      1,
                      Integer.MAX_VALUE)
                  : l.maxAttributeValueLength(),
              limits.containsKey("max-attributes-per-item")
                  ? intValue(
                      limits.get("max-attributes-per-item"),
                      "limits.max-attributes-per-item",
                      1,
                      Integer.MAX_VALUE)
                  : l.maxAttributesPerItem(),
              limits.containsKey("max-attribute-depth")
                  ? intValue(limits.get("max-attribute-depth"), "limits.max-attribute-depth", 1, 64)
                  : l.maxAttributeDepth(),
              limits.containsKey("max-name-length")
                  ? intValue(
                      limits.get("max-name-length"), "limits.max-name-length", 1, Integer.MAX_VALUE)
                  : l.maxNameLength(),
              limits.containsKey("max-future-skew")
                  ? duration(limits.get("max-future-skew"), "limits.max-future-skew")
                  : l.maxFutureSkew());
    }
    AccessPolicy access = c.access();
    if (top.containsKey("auth")) {
      access = access(top.get("auth"));
    }
    if (adminApi != null) {
      access = access.withAdminApi(adminApi);
    }
    CollectorConfig.Tls tls = null;
    if (top.containsKey("tls")) {
      Map<String, Node> t = mapping(top.get("tls"), "tls", Set.of("cert", "key"));
      if (!t.containsKey("cert") || !t.containsKey("key")) {
        throw new ConfigException(
            file
                + ": line "
                + line(top.get("tls"))
                + ": tls needs both 'cert' and 'key' (PEM files)");
      }
      tls =
          new CollectorConfig.Tls(
              existingFile(t.get("cert"), "tls.cert"), existingFile(t.get("key"), "tls.key"));
    }
    CollectorConfig collector =
        new CollectorConfig(
            otlpHost,
            grpcPort,
            otlpHttpPort,
            (int) maxBody,
            inFlight,
            queue,
            workers,
            retryAfter,
            l,
            access,
            tls);
    HeadOptions tsdb = d.tsdb();
    TsdbOptions storage = d.tsdbStorage();
    if (top.containsKey("tsdb")) {
      Map<String, Node> t =
          mapping(
              top.get("tsdb"),
              "tsdb",
              Set.of(
                  "fsync",
                  "fsync-interval",
                  "out-of-order-window",
                  "max-series-per-tenant",
                  "decoded-chunk-cache",
                  "max-exemplars",
                  "retention",
                  "retention-size"));
      FsyncPolicy fsync = tsdb.fsync();
      if (t.containsKey("fsync")) {
        fsync =
            FsyncPolicy.valueOf(
                choice(t.get("fsync"), "tsdb.fsync", "always", "interval", "never")
                    .toUpperCase(Locale.ROOT));
      }
      long interval =
          t.containsKey("fsync-interval")
              ? duration(t.get("fsync-interval"), "tsdb.fsync-interval").toMillis()
              : tsdb.fsyncIntervalMillis();
      long window =
          t.containsKey("out-of-order-window")
              ? duration(t.get("out-of-order-window"), "tsdb.out-of-order-window").toMillis()
              : tsdb.outOfOrderWindowMillis();
      int maxSeries =
          t.containsKey("max-series-per-tenant")
              ? intValue(
                  t.get("max-series-per-tenant"),
                  "tsdb.max-series-per-tenant",
                  1,
                  Integer.MAX_VALUE)
              : tsdb.maxSeriesPerTenant();
      long decodedCache =
          t.containsKey("decoded-chunk-cache")
              ? size(t.get("decoded-chunk-cache"), "tsdb.decoded-chunk-cache")
              : tsdb.decodedChunkCacheBytes();
      int maxExemplars =
          t.containsKey("max-exemplars")
              ? intValue(t.get("max-exemplars"), "tsdb.max-exemplars", 0, Integer.MAX_VALUE)
              : tsdb.maxExemplarsPerTenant();
      tsdb =
          new HeadOptions(
              fsync,
              Math.max(1, interval),
              window,
              maxSeries,
              tsdb.chunkMaxSamples(),
              tsdb.chunkMaxSpanMillis(),
              tsdb.walSegmentBytes(),
              decodedCache,
              maxExemplars);
      long retention =
          t.containsKey("retention")
              ? duration(t.get("retention"), "tsdb.retention").toMillis()
              : storage.retentionMillis();
      long retentionBytes =
          t.containsKey("retention-size")
              ? size(t.get("retention-size"), "tsdb.retention-size")
              : storage.retentionBytes();
      storage = storage.withRetention(retention, retentionBytes);
    }
    dev.vigil.server.alerting.AlertingConfig alerting = d.alerting();
    if (top.containsKey("rules")) {
      alerting = new RulesConfigReader(this, file).read(top.get("rules"), alerting);
    }
    dev.vigil.logindex.LogIndexOptions logs = d.logs();
    if (top.containsKey("logs")) {
      logs = new LogsConfigReader(this, file).read(top.get("logs"));
    }
    dev.vigil.tracestore.TraceStoreOptions traces = d.traces();
    if (top.containsKey("traces")) {
      traces = traces(top.get("traces"), traces);
    }
    int queryWorkers = d.queryWorkers();
    if (top.containsKey("promql")) {
      Map<String, Node> q = mapping(top.get("promql"), "promql", Set.of("workers"));
      if (q.containsKey("workers")) {
        queryWorkers = intValue(q.get("workers"), "promql.workers", 1, 64);
      }
    }
    return new VigilConfig(
        dataDir,
        httpHost,
        httpPort,
        collector,
        tsdb,
        storage,
        logs,
        traces,
        alerting,
        queryWorkers);
  }

  /** The {@code traces:} section: the trace store's retention and when buffers become segments. */
  private dev.vigil.tracestore.TraceStoreOptions traces(
      Node node, dev.vigil.tracestore.TraceStoreOptions d) throws ConfigException {
    Map<String, Node> t =
        mapping(node, "traces", Set.of("retention", "retention-size", "flush-after", "fsync"));
    java.time.Duration retention =
        t.containsKey("retention")
            ? duration(t.get("retention"), "traces.retention")
            : d.retention();
    long retentionBytes =
        t.containsKey("retention-size")
            ? size(t.get("retention-size"), "traces.retention-size")
            : d.maxBytesPerTenant();
    dev.vigil.tracestore.TraceStoreOptions out = d.withRetention(retention, retentionBytes);
    if (t.containsKey("flush-after")) {
      out = out.withFlush(duration(t.get("flush-after"), "traces.flush-after"), d.maxBufferBytes());
    }
    if (t.containsKey("fsync")) {
      out =
          out.withFsync(choice(t.get("fsync"), "traces.fsync", "always", "never").equals("always"));
    }
    return out;
  }

  java.net.URI uri(Node node, String key) throws ConfigException {
    String v = string(node, key);
    try {
      java.net.URI u = new java.net.URI(v);
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new java.net.URISyntaxException(v, "must be an http:// or https:// URL");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(file + ": line " + line(node) + ": " + key + ": " + e.getMessage());
    }
  }

  private AccessPolicy access(Node node) throws ConfigException {
    Map<String, Node> auth = mapping(node, "auth", Set.of("tenant-header", "tokens"));
    String header =
        auth.containsKey("tenant-header")
            ? string(auth.get("tenant-header"), "auth.tenant-header")
            : AccessPolicy.DEFAULT_TENANT_HEADER;
    Map<String, Tenant> tokens = new LinkedHashMap<>();
    Set<String> admins = new java.util.HashSet<>();
    if (auth.containsKey("tokens")) {
      Node list = auth.get("tokens");
      if (!(list instanceof SequenceNode seq)) {
        throw new ConfigException(
            file + ": line " + line(list) + ": auth.tokens must be a list of {token, tenant}");
      }
      int i = 0;
      for (Node item : seq.getValue()) {
        String where = "auth.tokens[" + i++ + "]";
        Map<String, Node> t = mapping(item, where, Set.of("token", "token-env", "tenant", "admin"));
        String token;
        if (t.containsKey("token-env")) {
          String env = string(t.get("token-env"), where + ".token-env");
          token = System.getenv(env);
          if (token == null || token.isBlank()) {
            throw new ConfigException(
                file
                    + ": line "
                    + line(item)
                    + ": "
                    + where
                    + ".token-env names "
                    + env
                    + ", which is not set");
          }
        } else if (t.containsKey("token")) {
          token = string(t.get("token"), where + ".token");
        } else {
          throw new ConfigException(
              file + ": line " + line(item) + ": " + where + " needs 'token' or 'token-env'");
        }
        if (!t.containsKey("tenant")) {
          throw new ConfigException(
              file + ": line " + line(item) + ": " + where + " needs 'tenant'");
        }
        String tenant = string(t.get("tenant"), where + ".tenant");
        String problem = Tenant.problem(tenant);
        if (problem != null) {
          throw new ConfigException(
              file + ": line " + line(t.get("tenant")) + ": " + where + ".tenant: " + problem);
        }
        if (t.containsKey("admin") && bool(t.get("admin"), where + ".admin")) {
          admins.add(token);
        }
        if (tokens.put(token, new Tenant(tenant)) != null) {
          throw new ConfigException(
              file
                  + ": line "
                  + line(item)
                  + ": "
                  + where
                  + " repeats a token of an earlier entry");
        }
      }
    }
    return new AccessPolicy(header, tokens, admins, false);
  }

  Map<String, Node> mapping(Node node, String where, Set<String> allowed) throws ConfigException {
    if (!(node instanceof MappingNode m)) {
      throw new ConfigException(
          file
              + ": line "
              + line(node)
              + ": "
              + (where.isEmpty() ? "the file" : where)
              + " must be a mapping");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (key == null || !allowed.contains(key)) {
        throw new ConfigException(
            file
                + ": line "
                + line(t.getKeyNode())
                + ": unknown key '"
                + key
                + "'"
                + (where.isEmpty() ? "" : " in " + where)
                + "; known keys: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      out.put(key, t.getValueNode());
    }
    return out;
  }

  String string(Node node, String key) throws ConfigException {
    if (!(node instanceof ScalarNode s)) {
      throw new ConfigException(
          file + ": line " + line(node) + ": " + key + " must be a single value");
    }
    return s.getValue();
  }

  private boolean bool(Node node, String key) throws ConfigException {
    String v = string(node, key).strip();
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new ConfigException(
              file
                  + ": line "
                  + line(node)
                  + ": "
                  + key
                  + " must be true or false, got '"
                  + v
                  + "'");
    };
  }

  private int port(Node node, String key) throws ConfigException {
    return intValue(node, key, 0, 65535);
  }

  int intValue(Node node, String key, int min, int max) throws ConfigException {
    String v = string(node, key);
    try {
      long n = Long.parseLong(v.strip());
      if (n < min || n > max) {
        throw new ConfigException(
            file
                + ": line "
                + line(node)
                + ": "
                + key
                + " must be between "
                + min
                + " and "
                + max
                + ", got "
                + v);
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          file + ": line " + line(node) + ": " + key + " must be a whole number, got '" + v + "'");
    }
  }

  /** A size that must be above zero. */
  long positiveSize(Node node, String key) throws ConfigException {
    long n = size(node, key);
    if (n <= 0) {
      throw new ConfigException(
          file + ": line " + line(node) + ": " + key + " must be above zero, got " + n);
    }
    return n;
  }

  private long size(Node node, String key) throws ConfigException {
    String v = string(node, key).strip();
    Matcher m = SIZE.matcher(v);
    if (!m.matches()) {
      throw new ConfigException(
          file
              + ": line "
              + line(node)
              + ": "
              + key
              + " must be a size such as 16MiB or 1048576, got '"
              + v
              + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "kb" -> 1000L;
          case "kib" -> 1024L;
          case "mb" -> 1000L * 1000;
          case "mib" -> 1024L * 1024;
          case "gb" -> 1000L * 1000 * 1000;
          case "gib" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    return Math.multiplyExact(n, factor);
  }

  /**
   * One of {@code allowed} (lower case), whatever the case it is written in; otherwise an error
   * that lists them.
   */
  String choice(Node node, String key, String... allowed) throws ConfigException {
    String v = string(node, key);
    String lower = v.strip().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(lower)) {
        return a;
      }
    }
    throw new ConfigException(
        file
            + ": line "
            + line(node)
            + ": "
            + key
            + " must be "
            + String.join(", ", java.util.Arrays.asList(allowed).subList(0, allowed.length - 1))
            + " or "
            + allowed[allowed.length - 1]
            + ", got '"
            + v
            + "'");
  }

  Duration duration(Node node, String key) throws ConfigException {
    String v = string(node, key).strip();
    Matcher m = DURATION.matcher(v);
    if (!m.matches()) {
      throw new ConfigException(
          file
              + ": line "
              + line(node)
              + ": "
              + key
              + " must be a duration such as 30s, 5m or 1h, got '"
              + v
              + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private Path existingFile(Node node, String key) throws ConfigException {
    Path p = Path.of(string(node, key));
    if (!Files.isReadable(p)) {
      throw new ConfigException(file + ": line " + line(node) + ": " + key + ": cannot read " + p);
    }
    return p;
  }

  static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
