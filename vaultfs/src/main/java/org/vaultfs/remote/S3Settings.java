package org.vaultfs.remote;

import java.net.URI;
import java.util.Map;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How to reach the store, taken the way AWS tools take it: the endpoint from {@code --endpoint}
 * or {@code AWS_ENDPOINT_URL} (an S3-compatible store), path-style addressing when asked (most
 * self-hosted stores want it), the region from {@code AWS_REGION}/{@code AWS_DEFAULT_REGION} or
 * the profile, else us-east-1. Credentials are never here: the SDK's default chain finds them
 * (environment, {@code ~/.aws/credentials}, {@code AWS_PROFILE}, instance roles).
 */
public record S3Settings(URI endpoint, boolean pathStyle, String region, int connections,
                         AwsCredentialsProvider credentials) {
    public static final int DEFAULT_CONNECTIONS = 16;

    /** {@code endpoint} and {@code pathStyle} as given on the command line (null: not given). */
    public static S3Settings of(String endpoint, Boolean pathStyle, Map<String, String> env) {
        String url = endpoint != null ? endpoint : env.get("AWS_ENDPOINT_URL_S3");
        if (url == null) {
            url = env.get("AWS_ENDPOINT_URL");
        }
        URI uri = null;
        if (url != null && !url.isBlank()) {
            try {
                uri = URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "not a URL: " + url);
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "the endpoint must be an http(s) URL: " + url);
            }
        }
        boolean path = pathStyle != null ? pathStyle
                : "true".equalsIgnoreCase(env.getOrDefault("AWS_S3_FORCE_PATH_STYLE", ""));
        String region = env.get("AWS_REGION");
        if (region == null) {
            region = env.get("AWS_DEFAULT_REGION");
        }
        return new S3Settings(uri, path, region, DEFAULT_CONNECTIONS, credentials(env));
    }

    /**
     * The access keys of {@code env} when it names them (the environment the command was given,
     * which is the process's own outside tests), else the SDK's default chain.
     */
    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || secret == null || id.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isEmpty()
                ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
    }
}
