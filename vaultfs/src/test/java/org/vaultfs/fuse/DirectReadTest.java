package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/** The READ wire format: which requests are taken, and the exact reply bytes for each outcome. */
class DirectReadTest {
    private static final Runtime RUNTIME = Runtime.getSystemRuntime();
    private static final int MAX = 64 << 10;

    private final List<long[]> calls = new ArrayList<>();
    private final List<byte[]> replies = new ArrayList<>();
    private int answer; // what the reader returns; > 0: that many bytes of a pattern

    private final DirectRead direct = new DirectRead((fh, offset, dest, size) -> {
        calls.add(new long[] {fh, offset, size});
        for (int i = 0; i < Math.max(0, Math.min(answer, size)); i++) {
            dest.putByte(i, (byte) (offset + i));
        }
        return answer;
    });
    private final DirectRead.Replies worker = direct.replies(RUNTIME, MAX);
    private final DirectRead.ReplyWriter capture = (reply, length) -> {
        byte[] b = new byte[length];
        reply.get(0, b, 0, length);
        replies.add(b);
    };

    /** A request as the kernel sends it: fuse_in_header, then fuse_read_in. */
    private static Pointer request(int opcode, long unique, long fh, long offset, int size, int[] length) {
        ByteBuffer b = ByteBuffer.allocate(80).order(ByteOrder.nativeOrder());
        b.putInt(80).putInt(opcode).putLong(unique).putLong(42).putInt(0).putInt(0).putInt(1234).putInt(0);
        b.putLong(fh).putLong(offset).putInt(size).putInt(0).putLong(0).putInt(0).putInt(0);
        Pointer p = Memory.allocateDirect(RUNTIME, 80);
        p.put(0, b.array(), 0, 80);
        length[0] = 80;
        return p;
    }

    private static ByteBuffer header(byte[] reply) {
        return ByteBuffer.wrap(reply).order(ByteOrder.nativeOrder());
    }

    @Test
    void aReadIsAnsweredWithItsUniqueAndTheBytesRead() {
        int[] len = new int[1];
        answer = 4096;
        assertTrue(worker.answer(request(DirectRead.FUSE_READ, 77, 5, 8192, 4096, len), len[0], capture));
        assertArrayEquals(new long[] {5, 8192, 4096}, calls.get(0));
        byte[] r = replies.get(0);
        assertEquals(16 + 4096, r.length);
        assertEquals(16 + 4096, header(r).getInt(0));
        assertEquals(0, header(r).getInt(4));
        assertEquals(77, header(r).getLong(8));
        for (int i = 0; i < 4096; i++) {
            assertEquals((byte) (8192 + i), r[16 + i], "byte " + i);
        }
        assertEquals(1, direct.answered());
    }

    @Test
    void aShortReadAndAnEmptyOneCarryOnlyWhatWasRead() {
        int[] len = new int[1];
        answer = 100; // end of file
        assertTrue(worker.answer(request(DirectRead.FUSE_READ, 1, 5, 0, 4096, len), len[0], capture));
        assertEquals(116, replies.get(0).length);
        assertEquals(116, header(replies.get(0)).getInt(0));
        answer = 0;
        assertTrue(worker.answer(request(DirectRead.FUSE_READ, 2, 5, 0, 0, len), len[0], capture));
        assertEquals(16, replies.get(1).length);
        assertEquals(1, calls.size(), "a read of nothing asks the reader for nothing");
    }

    @Test
    void aFailureIsAnsweredWithItsErrnoAndNoData() {
        int[] len = new int[1];
        answer = -5; // EIO
        assertTrue(worker.answer(request(DirectRead.FUSE_READ, 9, 5, 0, 4096, len), len[0], capture));
        assertEquals(16, replies.get(0).length);
        assertEquals(16, header(replies.get(0)).getInt(0));
        assertEquals(-5, header(replies.get(0)).getInt(4));
        assertEquals(9, header(replies.get(0)).getLong(8));
        answer = 8192; // a reader claiming more than was asked: refused, not passed on
        assertTrue(worker.answer(request(DirectRead.FUSE_READ, 10, 5, 0, 4096, len), len[0], capture));
        assertEquals(16, replies.get(1).length);
        assertTrue(header(replies.get(1)).getInt(4) < 0);
    }

    @Test
    void whatItCannotTakeIsLeftToLibfuse() {
        int[] len = new int[1];
        answer = 10;
        assertFalse(worker.answer(request(3 /* GETATTR */, 1, 5, 0, 4096, len), len[0], capture));
        assertFalse(worker.answer(request(DirectRead.FUSE_READ, 1, 5, 0, MAX + 1, len), len[0], capture), "larger than the reply buffer");
        assertFalse(worker.answer(request(DirectRead.FUSE_READ, 1, 5, -1, 4096, len), len[0], capture), "negative offset");
        Pointer p = request(DirectRead.FUSE_READ, 1, 5, 0, 4096, len);
        assertFalse(worker.answer(p, 79, capture), "received length differs from the header's");
        p.putInt(0, 50);
        assertFalse(worker.answer(p, 50, capture), "too short to hold fuse_read_in");
        assertTrue(calls.isEmpty());
        assertTrue(replies.isEmpty());
        assertEquals(0, direct.answered());
    }
}
