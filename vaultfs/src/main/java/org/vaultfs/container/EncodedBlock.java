package org.vaultfs.container;

/** A chunk ready for the data section: the stored block and the record describing it. */
record EncodedBlock(byte[] block, ChunkRecord record) {
}
