/**
 * Vaults in S3-compatible object storage: an {@code s3://BUCKET/KEY} location read by ranged
 * GETs as a {@link org.vaultfs.source.VaultSource}, and whole-object transfers (multipart push,
 * parallel pull) that resume after interruption and verify what they moved.
 */
package org.vaultfs.remote;
