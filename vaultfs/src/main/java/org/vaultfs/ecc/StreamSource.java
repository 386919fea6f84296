package org.vaultfs.ecc;

/**
 * Random access to a protected byte stream. Bytes the backing store no longer has (a
 * truncated file) read as zeros: the shard checksums then flag them as erasures, which is
 * exactly how the reference treats a truncated block.
 */
public interface StreamSource {
    long length();

    void read(long pos, byte[] dst, int off, int len);
}
