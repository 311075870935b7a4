package io.tradepost.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free local port in front of a real server (PostgreSQL, Redis), so that a test can
 * fail the connection without touching the server others use: {@link #cut()} closes every connection
 * and refuses new ones (a server that went away), {@link #freeze()} keeps the sockets open but
 * forwards nothing (a server or network that hangs), {@link #restore()} forwards again.
 */
public final class TcpProxy implements AutoCloseable {

  private enum State { FORWARDING, FROZEN, CUT }

  private final String host;
  private volatile int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile State state = State.FORWARDING;

  private TcpProxy(String host, int targetPort) throws IOException {
    this.host = host;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    daemon("proxy-accept-" + targetPort, this::accept);
  }

  public static TcpProxy to(String host, int port) throws IOException {
    return new TcpProxy(host, port);
  }

  /**
   * A proxy that forwards nowhere until {@link #forwardTo} names the port: for a server that must know
   * the proxy's port before it starts (a Kafka broker advertising the proxy as its address).
   */
  public static TcpProxy toBeConnected(String host) throws IOException {
    return new TcpProxy(host, 0);
  }

  public void forwardTo(int port) {
    this.targetPort = port;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Closes every connection; new ones are closed as soon as they are accepted. */
  public void cut() {
    state = State.CUT;
    closeAll();
  }

  /** Stops forwarding in both directions; connections stay open and new ones are accepted. */
  public void freeze() {
    state = State.FROZEN;
  }

  /** Forwards again. After a freeze, what was held back is delivered. */
  public void restore() {
    synchronized (gate) {
      state = State.FORWARDING;
      gate.notifyAll();
    }
  }

  @Override
  public void close() throws IOException {
    state = State.CUT;
    listener.close();
    closeAll();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        var client = listener.accept();
        if (state == State.CUT) {
          client.close();
          continue;
        }
        sockets.add(client);
        daemon("proxy-connect-" + targetPort, () -> connect(client));
      } catch (IOException e) {
        // closed listener: the loop ends
      }
    }
  }

  private void connect(Socket client) {
    try {
      if (!passable()) {
        close(client);
        return;
      }
      var server = new Socket(host, targetPort);
      sockets.add(server);
      daemon("proxy-up-" + targetPort, () -> pump(client, server));
      pump(server, client);
    } catch (IOException e) {
      close(client);
    }
  }

  private void pump(Socket from, Socket to) {
    var buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (!passable()) {
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close the other
    } finally {
      close(from);
      close(to);
    }
  }

  /** Waits while frozen; false when cut. */
  private boolean passable() {
    synchronized (gate) {
      while (state == State.FROZEN) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return state == State.FORWARDING;
    }
  }

  private void closeAll() {
    sockets.forEach(TcpProxy::close);
    sockets.clear();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static void daemon(String name, Runnable task) {
    var thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
