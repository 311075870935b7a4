package io.tradepost.sync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a cap: refused at once when its {@code Content-Length} is
 * over the cap, else as soon as the bytes received pass it, so an upstream can never fill the heap.
 * {@link #abandon} cuts the body off when the request's deadline passes while it is still arriving.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final long maxBytes;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private volatile Flow.Subscription subscription;

  CappedBody(long maxBytes, long declaredLength) {
    this.maxBytes = maxBytes;
    if (declaredLength > maxBytes) {
      body.completeExceptionally(new TooLarge());
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (body.isDone()) {
      subscription.cancel();
    } else {
      subscription.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (var buffer : buffers) {
      if (received.size() + (long) buffer.remaining() > maxBytes) {
        subscription.cancel();
        body.completeExceptionally(new TooLarge());
        return;
      }
      var bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      received.writeBytes(bytes);
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(received.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  /** Stops reading: the connection is closed and the body never completes normally. */
  void abandon() {
    body.completeExceptionally(new IOException("body abandoned after the deadline"));
    var s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  /** The body is over the cap. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("response body over the cap", null);
    }
  }
}
