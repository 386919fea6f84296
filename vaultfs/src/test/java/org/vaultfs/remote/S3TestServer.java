package org.vaultfs.remote;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: S3Proxy over jclouds' in-memory (or filesystem) blob store, on a loopback
 * port chosen by the system, with V4 signatures checked against fixed test credentials.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "vaultfs-test-access";
    public static final String SECRET_KEY = "vaultfs-test-secret-key";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private S3TestServer(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    public static S3TestServer start() throws Exception {
        return start(null);
    }

    /** With {@code baseDir}, objects live in files there (jclouds' filesystem store): for objects too big for the heap. */
    public static S3TestServer start(java.nio.file.Path baseDir) throws Exception {
        Properties props = new Properties();
        if (baseDir != null) {
            props.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        }
        BlobStoreContext context = ContextBuilder.newBuilder(baseDir == null ? "transient" : "filesystem")
                .credentials("ignored", "ignored").overrides(props).build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3TestServer(proxy, context, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    public void createBucket(String name) {
        blobStore().createContainerInLocation(null, name);
    }

    /** A client as a user's would be, credentials from the caller rather than the environment. */
    public S3Client client(URI through) {
        return S3Client.builder().endpointOverride(through).region(Region.US_EAST_1)
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder().expectContinueEnabled(false))
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** The environment a `vault` command needs to reach this server (or a proxy in front of it) at {@code endpoint}. */
    public static java.util.Map<String, String> clientEnv(URI endpoint) {
        return java.util.Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", endpoint.toString(), "AWS_S3_FORCE_PATH_STYLE", "true");
    }

    public S3Connection connection() {
        return S3Connection.wrap(client(endpoint));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
