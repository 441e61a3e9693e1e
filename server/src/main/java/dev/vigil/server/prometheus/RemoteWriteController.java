package dev.vigil.server.prometheus;

import dev.vigil.server.http.RequestTenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code POST /api/v1/write}: Prometheus remote-write 1.0 into the tsdb, so a Prometheus server can
 * write to Vigil. Most requests never get here: {@link RemoteWriteChannelHandler} serves them on
 * the connection itself. This serves the rest (HTTP/2, a body without a length, a request behind
 * another one still in flight on its connection, a refused token), with the same {@link
 * RemoteWriteReceiver} and so the same answers.
 */
@Controller
final class RemoteWriteController {
  private final RemoteWriteReceiver receiver;

  RemoteWriteController(RemoteWriteReceiver receiver) {
    this.receiver = receiver;
  }

  @Post(uri = RemoteWriteChannelHandler.PATH, processes = MediaType.ALL)
  @Consumes(MediaType.ALL)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<String> write(
      HttpRequest<?> request,
      @Body byte[] body,
      @Nullable @Header("Content-Encoding") String encoding) {
    RemoteWriteReceiver.Answer answer =
        RemoteWriteReceiver.acceptsEncoding(encoding)
            ? receiver.write(RequestTenant.of(request), body, RemoteWriteReceiver.Path.CONTROLLER)
            : RemoteWriteReceiver.unsupportedEncoding(encoding);
    return answer.status() == 204
        ? HttpResponse.noContent()
        : HttpResponse.<String>status(HttpStatus.valueOf(answer.status())).body(answer.body());
  }
}
