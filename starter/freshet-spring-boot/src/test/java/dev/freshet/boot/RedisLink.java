package dev.freshet.boot;

import dev.freshet.redis.RedisEndpoint;
import dev.freshet.testsupport.RedisNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link from a port of its own on loopback to the test Redis, that a test can cut and restore: while it is cut,
 * Redis is unreachable for the clients that connect through it (their connections are closed, new ones are closed as
 * soon as they are accepted), and keeps its data.
 *
 * <pre>{@code
 * try (RedisLink link = RedisLink.open()) {
 *     RunCoordinator coordinator = RunCoordinator.create(link.endpoint(), layout);
 *     link.cut();
 *     ...
 *     link.restore();
 * }
 * }</pre>
 */
final class RedisLink implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private boolean cut;

    private RedisLink(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::accept, "redis-link-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A link on a free loopback port. */
    static RedisLink open() {
        try {
            return new RedisLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Redis through this link, with a short command timeout. */
    RedisEndpoint endpoint() {
        return new RedisEndpoint(server.getInetAddress().getHostAddress(), server.getLocalPort(), 0, null, null, false,
                Duration.ofMillis(500));
    }

    /** Closes every connection through the link and refuses new ones until {@link #restore()}. */
    synchronized void cut() {
        cut = true;
        sockets.forEach(RedisLink::closeQuietly);
    }

    /** Lets connections through again. */
    synchronized void restore() {
        cut = false;
    }

    @Override
    public void close() throws InterruptedException {
        closeQuietly(server);
        sockets.forEach(RedisLink::closeQuietly);
        acceptor.join(Duration.ofSeconds(5).toMillis());
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket upstream;
            try {
                upstream = new Socket(RedisNamespace.HOST, RedisNamespace.PORT);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            synchronized (this) {
                if (cut) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
            }
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the link was cut or a side hung up: close both ends
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "redis-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
