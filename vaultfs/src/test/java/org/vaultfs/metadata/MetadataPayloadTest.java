package org.vaultfs.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.DeterministicRandom;

/** The payload's seal (key, binding) and its JSON's rules and limits, each refused by name. */
class MetadataPayloadTest {
    static final byte[] MASTER = new byte[32];
    static final byte[] DIGEST = new byte[32];

    static NodeMetadata file(int mode) {
        return new NodeMetadata(NodeKind.FILE, mode, 1000, 100, "alice", "users", -5, 7, null, 0, 0, 0, List.of());
    }

    @Test
    void opensOnlyUnderItsKeyAndItsManifest() {
        byte[] json = "{\"nodes\":[]}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = MetadataSeal.seal(MASTER, DIGEST, json, new DeterministicRandom());
        assertArrayEquals(json, MetadataSeal.open(MASTER, DIGEST, payload));
        byte[] otherKey = MASTER.clone();
        otherKey[0] = 1;
        assertNull(MetadataSeal.open(otherKey, DIGEST, payload), "another vault's key");
        byte[] otherManifest = DIGEST.clone();
        otherManifest[31] = 1;
        assertNull(MetadataSeal.open(MASTER, otherManifest, payload), "another manifest");
        payload[payload.length - 1] ^= 1;
        assertNull(MetadataSeal.open(MASTER, DIGEST, payload), "a flipped tag");
        assertNull(MetadataSeal.open(MASTER, DIGEST, new byte[27]), "shorter than nonce and tag");
    }

    @Test
    void roundTripsEveryKindAndSignedTimes() {
        TreeMetadata t = TreeMetadata.empty();
        t.put("a", file(04755));
        t.put("l", new NodeMetadata(NodeKind.SYMLINK, 0777, 0, 0, null, null, 1, 2, "../x", 0, 0, 0, List.of()));
        t.put("d", new NodeMetadata(NodeKind.CHAR_DEVICE, 0600, 0, 0, null, null, 1, 2, null, 259, 70000, 0, List.of()));
        t.put("x", new NodeMetadata(NodeKind.FILE, 0644, 0, 0, null, null, 1, 2, null, 0, 0, 3,
                List.of(new Xattr("user.k", new byte[] {0, 1, 2}))));
        TreeMetadata back = MetadataJson.read(MetadataJson.write(t));
        assertEquals(t.all().keySet(), back.all().keySet());
        assertEquals(-5, back.get("a").mtimeSeconds());
        assertEquals(04755, back.get("a").mode());
        assertEquals("../x", back.get("l").target());
        assertEquals(70000, back.get("d").rdevMinor());
        assertArrayEquals(new byte[] {0, 1, 2}, back.get("x").xattrs().get(0).value());
        assertEquals(3, back.get("x").linkGroup());
    }

    static Failure failure(String json) {
        return assertThrows(VaultException.class, () -> MetadataJson.read(json.getBytes(StandardCharsets.UTF_8))).failure();
    }

    @Test
    void brokenRecordsAndLimitsAreRefusedByName() {
        String ok = "\"path\":\"a\",\"type\":\"file\",\"uid\":0,\"gid\":0,\"mtime\":[0,0]";
        assertEquals(Failure.MALFORMED, failure("{\"nodes\":[{" + ok + ",\"mode\":4096}]}"), "mode past 07777");
        assertEquals(Failure.MALFORMED, failure("{\"nodes\":[{" + ok + ",\"mode\":1,\"mode\":2}]}"), "repeated member");
        assertEquals(Failure.MALFORMED, failure("{\"nodes\":[{" + ok.replace("file", "sock") + ",\"mode\":1}]}"), "unknown type");
        assertEquals(Failure.MALFORMED, failure("{\"nodes\":[{" + ok.replace("file", "symlink") + ",\"mode\":1}]}"), "no target");
        assertEquals(Failure.MALFORMED, failure("{\"nodes\":[{" + ok + ",\"mode\":1},{" + ok + ",\"mode\":1}]}"), "a path twice");
        assertEquals(Failure.MALFORMED, failure("{\"nodes\":[{" + ok + ",\"mode\":1,\"mtime\":[0,1000000000]}]}".replace(
                ",\"mtime\":[0,0]", "")), "nanoseconds past a second");
        assertEquals(Failure.BOUNDS, failure("{\"nodes\":[{" + ok.replace("file", "symlink") + ",\"mode\":1,\"target\":\""
                + "t".repeat(4096) + "\"}]}"), "target past 4095 bytes");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 129; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"user.a").append(i).append("\",\"value\":\"\"}");
        }
        assertEquals(Failure.BOUNDS, failure("{\"nodes\":[{" + ok + ",\"mode\":1,\"xattrs\":[" + many + "]}]}"), "129 xattrs");
        assertEquals(Failure.BOUNDS, failure("{\"nodes\":[{" + ok + ",\"mode\":1,\"xattrs\":[{\"name\":\"user.a\",\"value\":\""
                + java.util.Base64.getEncoder().encodeToString(new byte[65537]) + "\"}]}]}"), "a 65537-byte value");
        assertEquals(Failure.BOUNDS, assertThrows(VaultException.class,
                () -> MetadataJson.read(new byte[MetadataJson.MAX_PLAINTEXT + 1])).failure(), "past the cap, before parsing");
    }
}
