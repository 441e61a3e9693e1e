package dev.vigil.server.ui;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files from the classpath. {@code index.html} is never cached (it names the
 * current assets); the assets carry a content hash in their names, so browsers keep them for a
 * year. When the UI was not built ({@code -Dskip.ui}) {@code /} says so instead of a bare 404.
 */
@Controller
final class UiController {
  static final String ROOT = "vigil-ui/";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "json", "application/json",
          "woff2", "font/woff2",
          "map", "application/json");

  // The files are few and small (about 150 KB); read once, then served from memory.
  private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

  @Get(uris = {"/", "/index.html"})
  HttpResponse<?> index() {
    Optional<byte[]> index = file("index.html");
    if (index.isEmpty()) {
      return HttpResponse.ok(NOT_BUILT)
          .contentType(MediaType.TEXT_HTML + "; charset=utf-8")
          .header("Cache-Control", "no-cache");
    }
    return HttpResponse.ok(index.get())
        .contentType(TYPES.get("html"))
        .header("Cache-Control", "no-cache");
  }

  @Get("/assets/{+path}")
  HttpResponse<?> asset(@PathVariable String path) {
    // Only plain names below assets/: nothing can climb out of the UI's resource folder.
    if (path.contains("..") || path.contains("\\") || path.startsWith("/")) {
      return HttpResponse.status(HttpStatus.NOT_FOUND);
    }
    Optional<byte[]> body = file("assets/" + path);
    if (body.isEmpty()) {
      return HttpResponse.status(HttpStatus.NOT_FOUND).body("no such dashboard file: " + path);
    }
    return HttpResponse.ok(body.get())
        .contentType(type(path))
        .header("Cache-Control", "public, max-age=31536000, immutable");
  }

  private Optional<byte[]> file(String name) {
    return files.computeIfAbsent(name, UiController::read);
  }

  private static Optional<byte[]> read(String name) {
    try (InputStream in = UiController.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard file " + ROOT + name, e);
    }
  }

  static String type(String path) {
    int dot = path.lastIndexOf('.');
    String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  private static final byte[] NOT_BUILT =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Vigil</title></head>
      <body style="font-family:system-ui,sans-serif;max-width:40em;margin:4em auto">
      <h1>Vigil is running, but its dashboard was not built</h1>
      <p>This server was built with <code>-Dskip.ui</code> (or without npm), so the web UI is not
      in it. Every API works: try <a href="/api/v1/slos">/api/v1/slos</a> or
      <a href="/api/v1/alerts">/api/v1/alerts</a>.</p>
      <p>Build it with <code>./mvnw -pl ui,server -am package -DskipTests</code> (needs Node.js 20
      and npm).</p>
      </body></html>
      """
          .getBytes(StandardCharsets.UTF_8);
}
