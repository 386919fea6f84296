package org.vaultfs.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaultfs.error.Failure;
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
    /** S3's largest object. */
    static final long MAX_OBJECT = 5L << 40;
    private static final int WINDOWS = 8;

    private final S3Connection connection;
    private final boolean ownsConnection;
    private final S3Location location;
    private final long size;
    private final String etag;
    private final Map<String, String> metadata;
    private final Map<Long, byte[]> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > WINDOWS;
        }
    };

    private S3Source(S3Connection connection, boolean ownsConnection, S3Location location, HeadObjectResponse head) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.location = location;
        this.size = head.contentLength();
        this.etag = head.eTag();
        this.metadata = Map.copyOf(head.metadata());
    }

    /** Opens {@code location} over {@code connection}; closing the source closes the connection when {@code owns}. */
    public static S3Source open(S3Connection connection, S3Location location, boolean owns) {
        try {
            HeadObjectResponse head = connection.client().headObject(b -> b.bucket(location.bucket()).key(location.key()));
            checkClaimedSize(head.contentLength(), location);
            return new S3Source(connection, owns, location, head);
        } catch (SdkException | VaultException e) {
            if (owns) {
                connection.close();
            }
            throw e instanceof SdkException s ? S3Connection.translate(location, s) : (VaultException) e;
        }
    }

    /** What the store says the object holds, refused before anything is sized by it when no S3 object can be that big. */
    static long checkClaimedSize(long size, S3Location from) {
        if (size < 0 || size > MAX_OBJECT) {
            throw new VaultException(Failure.REMOTE, from + ": the store claims " + size
                    + " bytes, beyond the 5 TiB an S3 object can hold");
        }
        return size;
    }

    /** The ETag every read is pinned to, without quotes. */
    public String etag() {
        return S3Push.unquote(etag);
    }

    /** The object's user metadata (x-amz-meta-*), as the store gave it when this source was opened. */
    Map<String, String> metadata() {
        return metadata;
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
        fetch(start, len, buf);
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

    /** Up to {@code len} bytes of {@code in} into {@code dst}; fewer only at the end of the stream. */
    private static int drain(InputStream in, ByteBuffer dst, int len) throws IOException {
        if (dst.hasArray()) {
            int n = in.readNBytes(dst.array(), dst.arrayOffset() + dst.position(), len);
            dst.position(dst.position() + n);
            return n;
        }
        byte[] tmp = new byte[Math.min(len, 1 << 16)];
        int done = 0;
        while (done < len) {
            int want = Math.min(tmp.length, len - done);
            int n = in.readNBytes(tmp, 0, want);
            dst.put(tmp, 0, n);
            done += n;
            if (n < want) {
                break; // end of the stream
            }
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
