package org.vaultfs.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.VaultSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A vault object read in place with ranged GETs. The ETag seen when it was opened is sent
 * with every read ({@code If-Match}), so an object replaced meanwhile fails the read with a
 * conflict instead of mixing two versions' bytes. Small reads (header, manifest, length
 * prefixes) are served from a few 1 MiB windows, so opening costs a few requests; reads of a
 * window or more go straight to the store.
 */
public final class S3Source implements VaultSource {
    static final int WINDOW = 1 << 20;
    private static final int WINDOWS = 8;

    private final S3Connection connection;
    private final boolean ownsConnection;
    private final S3Location location;
    private final long size;
    private final String etag;
    private final Map<Long, byte[]> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > WINDOWS;
        }
    };

    private S3Source(S3Connection connection, boolean ownsConnection, S3Location location, long size, String etag) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.location = location;
        this.size = size;
        this.etag = etag;
    }

    /** Opens {@code location} over {@code connection}; closing the source closes the connection when {@code owns}. */
    public static S3Source open(S3Connection connection, S3Location location, boolean owns) {
        HeadObjectResponse head;
        try {
            head = connection.client().headObject(b -> b.bucket(location.bucket()).key(location.key()));
        } catch (SdkException e) {
            if (owns) {
                connection.close();
            }
            throw S3Connection.translate(location, e);
        }
        return new S3Source(connection, owns, location, head.contentLength(), head.eTag());
    }

    public String etag() {
        return etag;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position >= size) {
            return -1;
        }
        int len = (int) Math.min(dst.remaining(), size - position);
        if (len == 0) {
            return 0;
        }
        if (len >= WINDOW / 4) {
            return fetch(position, len, dst);
        }
        long start = position / WINDOW * WINDOW;
        byte[] window = window(start);
        int from = (int) (position - start);
        int n = Math.min(len, window.length - from);
        dst.put(window, from, n);
        return n;
    }

    private byte[] window(long start) throws IOException {
        synchronized (windows) {
            byte[] w = windows.get(start);
            if (w != null) {
                return w;
            }
        }
        int len = (int) Math.min(WINDOW, size - start);
        ByteBuffer buf = ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
            fetch(start + buf.position(), buf.remaining(), buf);
        }
        synchronized (windows) {
            windows.put(start, buf.array());
        }
        return buf.array();
    }

    /** One ranged GET of {@code len} bytes at {@code position} into {@code dst}; returns the count read. */
    private int fetch(long position, int len, ByteBuffer dst) throws IOException {
        String range = "bytes=" + position + "-" + (position + len - 1);
        int done = 0;
        try (ResponseInputStream<GetObjectResponse> in = connection.client().getObject(b -> b.bucket(location.bucket())
                .key(location.key()).range(range).ifMatch(etag))) {
            done = drain(in, dst, len);
        } catch (SdkException e) {
            VaultException v = S3Connection.translate(location, e);
            throw new IOException(v.getMessage(), v);
        }
        if (done < len) {
            throw new IOException("the store sent " + done + " of " + len + " bytes at " + position + " of " + location);
        }
        return done;
    }

    private static int drain(InputStream in, ByteBuffer dst, int len) throws IOException {
        int done = 0;
        byte[] tmp = dst.hasArray() ? null : new byte[Math.min(len, 1 << 16)];
        while (done < len) {
            int n;
            if (tmp == null) {
                n = in.read(dst.array(), dst.arrayOffset() + dst.position(), len - done);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
            } else {
                n = in.read(tmp, 0, Math.min(tmp.length, len - done));
                if (n > 0) {
                    dst.put(tmp, 0, n);
                }
            }
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    @Override
    public String name() {
        return location.toString();
    }

    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }
}
