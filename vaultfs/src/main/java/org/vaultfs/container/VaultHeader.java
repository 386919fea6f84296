package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.vaultfs.crypt.HmacSha512;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The fixed 1024-byte AEROVAULT3 header (SPEC.md §3), immutable: a writer fills a
 * {@link Builder} and seals it. Parsing checks only what needs no key; the MAC is checked by
 * {@link #verifyMac} once the MAC key has been unwrapped.
 */
public final class VaultHeader {
    public static final int SIZE = 1024;
    private static final byte[] MAGIC = "AEROVAULT3".getBytes(StandardCharsets.US_ASCII);
    public static final int MAGIC_LEN = 10;
    public static final int VERSION = 3;
    public static final int FLAG_PLAINTEXT = 0x01;
    public static final int SALT_LEN = 32;
    public static final int WRAPPED_LEN = 40;
    public static final int MAC_OFFSET = 960;
    public static final int MAC_LEN = 64;
    public static final int RESERVED_START = 194;
    public static final int SUPPORTED_WRAPPER_HEADER_VERSION = 1;

    private final byte[] bytes;
    private final int flags;
    private final long dataOffset;
    private final long dataLen;
    private final long manifestOffset;
    private final long manifestLen;
    private final long extensionDirOffset;
    private final long extensionDirLen;
    private final long extensionPayloadOffset;
    private final long extensionPayloadLen;
    private final int wrapperHeaderVersion;

    private VaultHeader(byte[] b) {
        this.bytes = b;
        this.flags = b[11] & 0xff;
        this.dataOffset = LittleEndian.getLong(b, 128);
        this.dataLen = LittleEndian.getLong(b, 136);
        this.manifestOffset = LittleEndian.getLong(b, 144);
        this.manifestLen = LittleEndian.getLong(b, 152);
        this.extensionDirOffset = LittleEndian.getLong(b, 160);
        this.extensionDirLen = LittleEndian.getLong(b, 168);
        this.extensionPayloadOffset = LittleEndian.getLong(b, 176);
        this.extensionPayloadLen = LittleEndian.getLong(b, 184);
        this.wrapperHeaderVersion = LittleEndian.getUnsignedShort(b, 192);
    }

    /** Whether {@code b} begins with this lineage's magic (the first {@code n} bytes of it, for a short file). */
    public static boolean startsWithMagic(byte[] b, int n) {
        int len = Math.min(n, MAGIC.length);
        return Arrays.equals(b, 0, len, MAGIC, 0, len);
    }

    public static VaultHeader parse(byte[] b) {
        if (b.length < SIZE) {
            throw new VaultException(Failure.TRUNCATED, "header is truncated: " + b.length + " of 1024 bytes");
        }
        if (!Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new VaultException(Failure.NOT_A_VAULT, "not an AeroVault v3 file (bad magic)");
        }
        if ((b[10] & 0xff) != VERSION) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, "unsupported AeroVault format version " + (b[10] & 0xff));
        }
        int headerLen = LittleEndian.getInt(b, 124);
        if (headerLen != SIZE) {
            throw new VaultException(Failure.MALFORMED, "invalid header length field " + Integer.toUnsignedString(headerLen));
        }
        for (int i = RESERVED_START; i < MAC_OFFSET; i++) {
            if (b[i] != 0) {
                throw new VaultException(Failure.RESERVED_BYTES, "reserved header byte at offset " + i + " is not zero");
            }
        }
        return new VaultHeader(Arrays.copyOf(b, SIZE));
    }

    public int flags() {
        return flags;
    }

    public boolean isPlaintextLane() {
        return (flags & FLAG_PLAINTEXT) != 0;
    }

    public byte[] salt() {
        return Arrays.copyOfRange(bytes, 12, 12 + SALT_LEN);
    }

    public byte[] wrappedMasterKey() {
        return Arrays.copyOfRange(bytes, 44, 44 + WRAPPED_LEN);
    }

    public byte[] wrappedMacKey() {
        return Arrays.copyOfRange(bytes, 84, 84 + WRAPPED_LEN);
    }

    public long dataOffset() {
        return dataOffset;
    }

    public long dataLen() {
        return dataLen;
    }

    public long manifestOffset() {
        return manifestOffset;
    }

    public long manifestLen() {
        return manifestLen;
    }

    public long extensionDirOffset() {
        return extensionDirOffset;
    }

    public long extensionDirLen() {
        return extensionDirLen;
    }

    public long extensionPayloadOffset() {
        return extensionPayloadOffset;
    }

    public long extensionPayloadLen() {
        return extensionPayloadLen;
    }

    public int wrapperHeaderVersion() {
        return wrapperHeaderVersion;
    }

    public byte[] mac() {
        return Arrays.copyOfRange(bytes, MAC_OFFSET, SIZE);
    }

    /** The 1024 bytes as stored. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.flags = flags;
        b.salt = salt();
        b.wrappedMasterKey = wrappedMasterKey();
        b.wrappedMacKey = wrappedMacKey();
        b.dataOffset = dataOffset;
        b.dataLen = dataLen;
        b.manifestOffset = manifestOffset;
        b.manifestLen = manifestLen;
        b.extensionDirOffset = extensionDirOffset;
        b.extensionDirLen = extensionDirLen;
        b.extensionPayloadOffset = extensionPayloadOffset;
        b.extensionPayloadLen = extensionPayloadLen;
        b.wrapperHeaderVersion = wrapperHeaderVersion;
        b.mac = mac();
        return b;
    }

    public byte[] computeMac(byte[] macKey) {
        byte[] b = toBytes();
        Arrays.fill(b, MAC_OFFSET, SIZE, (byte) 0);
        return HmacSha512.mac(macKey, b);
    }

    /** This header with its MAC computed under {@code macKey}. */
    public VaultHeader sealedWith(byte[] macKey) {
        byte[] b = toBytes();
        System.arraycopy(computeMac(macKey), 0, b, MAC_OFFSET, MAC_LEN);
        return new VaultHeader(b);
    }

    public void verifyMac(byte[] macKey) {
        if (!HmacSha512.equal(computeMac(macKey), Arrays.copyOfRange(bytes, MAC_OFFSET, SIZE))) {
            throw new VaultException(Failure.HEADER_MAC, "header MAC mismatch: the header was modified or damaged");
        }
    }

    /** SPEC.md §15.2 step 2: the data section position and u64 overflow of every region end. */
    public void checkLayout() {
        if (dataOffset != SIZE) {
            throw new VaultException(Failure.BOUNDS, "data section must start at offset 1024, found " + Long.toUnsignedString(dataOffset));
        }
        long[][] regions = {{dataOffset, dataLen}, {manifestOffset, manifestLen}, {extensionDirOffset, extensionDirLen},
            {extensionPayloadOffset, extensionPayloadLen}};
        for (long[] r : regions) {
            // Java longs are signed: anything at or above 2^63 is already far beyond any file.
            if (r[0] < 0 || r[1] < 0 || r[0] + r[1] < 0) {
                throw new VaultException(Failure.BOUNDS, "a section offset or length in the header is out of range");
            }
        }
    }

    /** SPEC.md §15.2 step 4: every region ends inside the file. */
    public void checkWithin(long fileLen) {
        checkEnd("data section", dataOffset, dataLen, fileLen);
        checkEnd("manifest", manifestOffset, manifestLen, fileLen);
        checkEnd("extension directory", extensionDirOffset, extensionDirLen, fileLen);
        checkEnd("extension payload", extensionPayloadOffset, extensionPayloadLen, fileLen);
    }

    private static void checkEnd(String label, long off, long len, long fileLen) {
        // The header is authenticated by now, so a section past the end means the file was cut short.
        if (off + len > fileLen) {
            throw new VaultException(Failure.TRUNCATED, label + " ends at " + (off + len) + " but the file has only "
                    + fileLen + " bytes (truncated)");
        }
    }

    /**
     * The header's fields, to be set before {@link #build}: what a writer assembles (and a test
     * forges); nothing reads a builder as a header.
     */
    public static final class Builder {
        public int flags;
        public byte[] salt = new byte[SALT_LEN];
        public byte[] wrappedMasterKey = new byte[WRAPPED_LEN];
        public byte[] wrappedMacKey = new byte[WRAPPED_LEN];
        public long dataOffset;
        public long dataLen;
        public long manifestOffset;
        public long manifestLen;
        public long extensionDirOffset;
        public long extensionDirLen;
        public long extensionPayloadOffset;
        public long extensionPayloadLen;
        public int wrapperHeaderVersion = SUPPORTED_WRAPPER_HEADER_VERSION;
        public byte[] mac = new byte[MAC_LEN];

        /** The header these fields describe, MAC as set (see {@link VaultHeader#sealedWith}). */
        public VaultHeader build() {
            byte[] b = new byte[SIZE];
            System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
            b[10] = (byte) VERSION;
            b[11] = (byte) flags;
            System.arraycopy(salt, 0, b, 12, SALT_LEN);
            System.arraycopy(wrappedMasterKey, 0, b, 44, WRAPPED_LEN);
            System.arraycopy(wrappedMacKey, 0, b, 84, WRAPPED_LEN);
            LittleEndian.putInt(b, 124, SIZE);
            LittleEndian.putLong(b, 128, dataOffset);
            LittleEndian.putLong(b, 136, dataLen);
            LittleEndian.putLong(b, 144, manifestOffset);
            LittleEndian.putLong(b, 152, manifestLen);
            LittleEndian.putLong(b, 160, extensionDirOffset);
            LittleEndian.putLong(b, 168, extensionDirLen);
            LittleEndian.putLong(b, 176, extensionPayloadOffset);
            LittleEndian.putLong(b, 184, extensionPayloadLen);
            b[192] = (byte) wrapperHeaderVersion;
            b[193] = (byte) (wrapperHeaderVersion >>> 8);
            System.arraycopy(mac, 0, b, MAC_OFFSET, MAC_LEN);
            return new VaultHeader(b);
        }
    }
}
