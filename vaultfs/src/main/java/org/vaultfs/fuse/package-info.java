/**
 * The jnr-fuse adapter: FUSE callbacks onto {@link org.vaultfs.fs.VaultFileSystem}, and our own
 * request loop on JVM-started threads.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.fuse;
