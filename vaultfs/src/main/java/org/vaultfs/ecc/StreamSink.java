package org.vaultfs.ecc;

/** Positional writes into a stream (an output file, or a protected stream being repaired). */
public interface StreamSink {
    void write(long pos, byte[] src, int off, int len);
}
