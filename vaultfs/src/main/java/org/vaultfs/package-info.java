/**
 * The public API: start at {@link org.vaultfs.Vault}. The packages below it are the
 * implementation, in dependency order: {@code fuse -> fs -> container -> (ecc, compression,
 * packing, chunking, crypt) -> (source, event, error)}. Their public types are the ones
 * {@code Vault}'s methods hand out; everything else in them is internal and may change.
 */
package org.vaultfs;
