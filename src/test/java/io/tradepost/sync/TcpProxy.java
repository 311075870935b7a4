package io.tradepost.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a real server, so a test can take the server away
 * without touching it: {@link #cut} closes every connection and refuses new ones (connection refused),
 * {@link #restore} accepts again on the same port.
 */
final class TcpProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;

  TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = listen(0);
    this.port = server.getLocalPort();
    accept(server);
  }

  int port() {
    return port;
  }

  /** Closes every connection through the proxy; new ones are refused until {@link #restore}. */
  synchronized void cut() {
    closeQuietly(server);
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  synchronized void restore() {
    if (server.isClosed()) {
      server = listen(port);
      accept(server);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private static ServerSocket listen(int port) {
    try {
      var socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void accept(ServerSocket listening) {
    daemon(() -> {
      while (!listening.isClosed()) {
        Socket client;
        try {
          client = listening.accept();
        } catch (IOException closed) {
          return;
        }
        try {
          var upstream = new Socket(targetHost, targetPort);
          sockets.add(client);
          sockets.add(upstream);
          daemon(() -> pipe(client, upstream));
          daemon(() -> pipe(upstream, client));
        } catch (IOException refused) {
          closeQuietly(client);
        }
      }
    });
  }

  private void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException closed) {
      // either side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void daemon(Runnable task) {
    var thread = new Thread(task, "tcp-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
