/**
 * The AEROVAULT2 container (the legacy lineage the reference CLI still writes), read into the
 * same {@link org.vaultfs.container.ContainerReader} and {@link org.vaultfs.fs.ChunkSource}
 * seams as AEROVAULT3, so extraction, verification and the mount serve both.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which detects the lineage.
 */
package org.vaultfs.legacy;
