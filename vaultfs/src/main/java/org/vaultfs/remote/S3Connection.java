package org.vaultfs.remote;

import java.time.Duration;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One S3 client for a command: pooled connections for parallel parts, the SDK's standard
 * retries (exponential backoff with jitter on 5xx, throttling and reset connections), and the
 * translation of what the store answers into one-line {@link VaultException}s.
 */
public final class S3Connection implements AutoCloseable {
    private static final int RETRIES = 6;

    private final S3Client client;

    private S3Connection(S3Client client) {
        this.client = client;
    }

    public static S3Connection open(S3Settings settings) {
        try {
            var builder = S3Client.builder()
                    .httpClientBuilder(ApacheHttpClient.builder()
                            .maxConnections(settings.connections())
                            .connectionTimeout(Duration.ofSeconds(10))
                            .socketTimeout(Duration.ofSeconds(60)))
                    .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                            .retryStrategy(b -> b.maxAttempts(RETRIES)))
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(settings.pathStyle())
                            .build())
                    // Content-MD5 per part is the integrity check every S3-compatible store verifies;
                    // the SDK's newer default (CRC trailers on chunked uploads) is refused by many.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(settings.credentials())
                    .region(region(settings));
            if (settings.endpoint() != null) {
                builder.endpointOverride(settings.endpoint());
            }
            return new S3Connection(builder.build());
        } catch (SdkException e) {
            throw new VaultException(Failure.REMOTE, "cannot set up the S3 client: " + e.getMessage(), e);
        }
    }

    /** For tests and callers that built their own client. */
    public static S3Connection wrap(S3Client client) {
        return new S3Connection(client);
    }

    private static Region region(S3Settings settings) {
        if (settings.region() != null && !settings.region().isBlank()) {
            return Region.of(settings.region());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            // S3-compatible stores mostly ignore the region but the signature names one.
            return Region.US_EAST_1;
        }
    }

    public S3Client client() {
        return client;
    }

    /** What a failed request means for the user, in one line naming the object. */
    static VaultException translate(S3Location where, SdkException e) {
        if (e instanceof NoSuchBucketException) {
            return new VaultException(Failure.NOT_FOUND, "no such bucket: " + where.bucket(), e);
        }
        if (e instanceof NoSuchKeyException) {
            return new VaultException(Failure.NOT_FOUND, "no such object: " + where, e);
        }
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return new VaultException(Failure.NOT_FOUND, "no such bucket: " + where.bucket(), e);
            }
            if (status == 404) {
                return new VaultException(Failure.NOT_FOUND, "no such object: " + where, e);
            }
            if (status == 403) {
                return new VaultException(Failure.REMOTE, "access denied to " + where
                        + " (check the credentials and the bucket's policy)", e);
            }
            if (status == 412) {
                return new VaultException(Failure.CONFLICT, where + " changed while it was being read", e);
            }
            return new VaultException(Failure.REMOTE, where + ": the store answered " + status
                    + (code == null ? "" : " " + code), e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (detail.startsWith("Unable to load credentials")) {
            return new VaultException(Failure.REMOTE, "no AWS credentials for " + where + ": set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials", e);
        }
        return new VaultException(Failure.REMOTE, "cannot reach the store for " + where + ": " + firstLine(detail), e);
    }

    /**
     * Waits for one part of a transfer and returns its result; its failure becomes the
     * transfer's, in the user's terms (an I/O failure that already knows them, as a read of an
     * object replaced meanwhile does, keeps them).
     */
    static <T> T await(java.util.concurrent.Future<T> part, S3Location where, String verb) {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, verb + " of " + where + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof VaultException v) {
                throw v;
            }
            if (c instanceof SdkException s) {
                throw translate(where, s);
            }
            if (c instanceof java.io.IOException io) {
                if (io.getCause() instanceof VaultException v) {
                    throw v;
                }
                throw VaultException.io(verb + " of " + where + " failed", io);
            }
            throw new IllegalStateException(c);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        client.close();
    }
}
