/**
 * Failures with the stable names SPEC.md 15.3 and the test vectors share.
 *
 * <p>Public: {@link org.vaultfs.error.VaultException} is what every library call throws.
 */
package org.vaultfs.error;
