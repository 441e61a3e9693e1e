package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server serves the built dashboard at {@code /} without shadowing any API path. */
class DashboardServingTest {
  @TempDir Path dir;

  @Test
  void servesTheDashboardAndItsAssets() throws Exception {
    try (RunningServer s = new RunningServer(dir)) {
      HttpResponse<String> index = s.get("/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      if (!index.body().contains("<div id=\"app\">")) {
        // Built with -Dskip.ui: the page says so, and there are no assets to check.
        assertThat(index.body()).contains("dashboard was not built");
        return;
      }
      assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
      Matcher script = Pattern.compile("src=\"\\./(assets/[^\"]+\\.js)\"").matcher(index.body());
      assertThat(script.find()).as("index.html names its script: " + index.body()).isTrue();
      HttpResponse<String> js = s.get("/" + script.group(1));
      assertThat(js.statusCode()).isEqualTo(200);
      assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
      assertThat(js.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    }
  }

  @Test
  void apisAndMissingFilesAreNotShadowed() throws Exception {
    try (RunningServer s = new RunningServer(dir)) {
      // Answered by the API (here: no metrics store), not by the dashboard.
      assertThat(s.get("/api/v1/labels").body()).startsWith("{\"status\":");
      assertThat(s.get("/-/healthy").body()).contains("Healthy");
      assertThat(s.get("/assets/no-such-file.js").statusCode()).isEqualTo(404);
      assertThat(s.get("/assets/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
      assertThat(s.get("/api/v1/no-such-api").statusCode()).isEqualTo(404);
    }
  }
}
