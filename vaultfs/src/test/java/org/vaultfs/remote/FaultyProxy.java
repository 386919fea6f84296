package org.vaultfs.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of the test S3 server that counts the bytes clients send and injects
 * the failures a network and a store produce: a connection cut in the middle of a request
 * once the bytes sent cross a mark, and new connections answered "503 Slow Down".
 */
public final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong cutAt = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong flipAt = new AtomicLong(Long.MAX_VALUE);
    private static final byte[] REQUEST_LINE_END = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    public FaultyProxy(URI upstream) throws IOException {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "faulty-proxy");
        t.setDaemon(true);
        t.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Bytes clients have sent through the proxy so far (request lines, headers and bodies). */
    public long bytesSent() {
        return sent.get();
    }

    /** Cuts the connection that carries the client's bytes past {@code bytes} from now. */
    public void cutAfter(long bytes) {
        cutAt.set(sent.get() + bytes);
    }

    public int cuts() {
        return cuts.get();
    }

    /** HTTP requests clients have sent (request lines seen), for round-trip counts. */
    public int requests() {
        return requests.get();
    }

    /** Flips one bit of the byte the store sends {@code bytes} from now: a response corrupted on the way. */
    public void flipAfter(long bytes) {
        flipAt.set(received.get() + bytes);
    }

    /** Answers the next {@code n} new connections with 503 Slow Down and closes them. */
    public void answerBusy(int n) {
        busyAnswers.set(n);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (busyAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    answerBusy(client);
                    continue;
                }
                Socket up = new Socket(upstream.getAddress(), upstream.getPort());
                pump(client, up, true);
                pump(up, client, false);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void answerBusy(Socket client) {
        Thread t = new Thread(() -> {
            try (client) {
                InputStream in = client.getInputStream();
                int matched = 0;
                int b;
                byte[] end = {'\r', '\n', '\r', '\n'};
                while (matched < 4 && (b = in.read()) >= 0) {
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                String body = "<Error><Code>SlowDown</Code><Message>injected</Message></Error>";
                client.getOutputStream().write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the client gave up first
            }
        }, "faulty-proxy-503");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean clientToServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 << 10];
            int matched = 0;
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (clientToServer) {
                        for (int i = 0; i < n; i++) {
                            matched = buf[i] == REQUEST_LINE_END[matched] ? matched + 1 : (buf[i] == ' ' ? 1 : 0);
                            if (matched == REQUEST_LINE_END.length) {
                                requests.incrementAndGet();
                                matched = 0;
                            }
                        }
                        long before = sent.getAndAdd(n);
                        long mark = cutAt.get();
                        if (before < mark && before + n >= mark && cutAt.compareAndSet(mark, Long.MAX_VALUE)) {
                            // The client's side goes first (a reset), so no answer the server gives to
                            // the truncated request can reach it: the client sees a dead connection.
                            from.setSoLinger(true, 0);
                            from.close();
                            out.write(buf, 0, (int) (mark - before));
                            cuts.incrementAndGet();
                            return;
                        }
                    }
                    if (!clientToServer) {
                        long before = received.getAndAdd(n);
                        long mark = flipAt.get();
                        if (before <= mark && mark < before + n && flipAt.compareAndSet(mark, Long.MAX_VALUE)) {
                            buf[(int) (mark - before)] ^= 0x01;
                        }
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // one side closed
            }
        }, "faulty-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
