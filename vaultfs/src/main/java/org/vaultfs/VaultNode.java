package org.vaultfs;

import org.vaultfs.metadata.NodeKind;
import org.vaultfs.metadata.NodeMetadata;

/**
 * One path of a vault as a listing shows it: a manifest entry (file or directory) or a node
 * only the metadata extension holds (symlink, FIFO, device), with its stored metadata when the
 * vault records any ({@code metadata} null otherwise).
 *
 * @param modified the manifest's time to the second; {@code metadata} has it to the nanosecond
 */
public record VaultNode(String path, NodeKind kind, long size, String modified, NodeMetadata metadata) {
}
