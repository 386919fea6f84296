package org.vaultfs.container;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The ordered wrapper stack every manifest records (SPEC.md §1). Readers dispatch on these
 * ids and refuse anything they do not implement, naming the slot and the algorithm.
 */
public record WrapperStack(AlgorithmSpec packing, AlgorithmSpec chunking, AlgorithmSpec chunkId,
                           AlgorithmSpec compression, AlgorithmSpec crypt, AlgorithmSpec cipherHash) {

    public static final String CRYPT_ENCRYPTED = "aes-256-gcm-siv";
    public static final String CRYPT_NONE = "none";

    public static WrapperStack standard(int zstdLevel, AlgorithmSpec.Bounds bounds) {
        return new WrapperStack(
                AlgorithmSpec.of("small-file-batching"),
                new AlgorithmSpec("gear-cdc", 1, null, bounds),
                AlgorithmSpec.of("blake3-keyed-128"),
                new AlgorithmSpec("zstd", 1, zstdLevel, null),
                AlgorithmSpec.of(CRYPT_ENCRYPTED),
                AlgorithmSpec.of("blake3-256"));
    }

    public boolean plaintextLane() {
        return CRYPT_NONE.equals(crypt.algorithmId());
    }

    /** Slot name to spec, in manifest order. */
    public Map<String, AlgorithmSpec> slots() {
        Map<String, AlgorithmSpec> m = new LinkedHashMap<>();
        m.put("packing", packing);
        m.put("chunking", chunking);
        m.put("chunk_id", chunkId);
        m.put("compression", compression);
        m.put("crypt", crypt);
        m.put("cipher_hash", cipherHash);
        return m;
    }

    /** Throws unless every slot names an algorithm and version this build implements. */
    public void requireSupported() {
        require("packing", packing, "small-file-batching");
        require("chunking", chunking, "gear-cdc");
        require("chunk_id", chunkId, "blake3-keyed-128");
        require("compression", compression, "zstd");
        if (!CRYPT_ENCRYPTED.equals(crypt.algorithmId()) && !CRYPT_NONE.equals(crypt.algorithmId())) {
            throw unsupported("crypt", crypt);
        }
        if (crypt.algorithmVersion() != 1) {
            throw unsupported("crypt", crypt);
        }
        require("cipher_hash", cipherHash, "blake3-256");
    }

    private static void require(String slot, AlgorithmSpec spec, String id) {
        if (!id.equals(spec.algorithmId()) || spec.algorithmVersion() != 1) {
            throw unsupported(slot, spec);
        }
    }

    private static VaultException unsupported(String slot, AlgorithmSpec spec) {
        return new VaultException(Failure.UNSUPPORTED_ALGORITHM,
                "unsupported " + slot + " algorithm: " + VaultPaths.printable(spec.algorithmId()) + " v" + spec.algorithmVersion());
    }
}
