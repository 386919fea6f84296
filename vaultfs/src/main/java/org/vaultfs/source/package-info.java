/**
 * Where vault bytes come from ({@link org.vaultfs.source.VaultSource}): a local file today.
 * Sits below every other library package but {@code error}.
 */
package org.vaultfs.source;
