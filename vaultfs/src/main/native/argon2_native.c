/* Argon2id's memory filling (RFC 9106 section 3.4) for org.vaultfs.crypt.NativeArgon2: one
 * segment (one lane's share of one slice) per call, on the Java thread that makes the call,
 * into the native buffer the Java code allocated, wipes and frees. H0, the first blocks, the
 * slice barriers and the tag stay in Java (crypt.Argon2), so this file holds only the loop a
 * derivation spends its time in. Every block is written as dst ^= G(prev, ref): the buffer
 * starts zeroed, so in the first pass that is dst = G (see Argon2.java). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE, MADV_DONTDUMP */
#include <jni.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "argon2_kernel.h"

#define WORDS ARGON2_WORDS
#define SYNC_POINTS 4
#define TYPE_ID 2

static void *(*const volatile wipe_with)(void *, int, size_t) = memset;

static inline uint64_t rotr64(uint64_t x, unsigned n) {
    return (x >> n) | (x << (64 - n));
}

/* BLAKE2b's addition with the multiplication Argon2 adds: a + b + 2 * lo32(a) * lo32(b). */
static inline uint64_t blamka(uint64_t a, uint64_t b) {
    return a + b + 2 * (uint64_t)(uint32_t)a * (uint64_t)(uint32_t)b;
}

#define GB(a, b, c, d)             \
    do {                           \
        a = blamka(a, b);          \
        d = rotr64(d ^ a, 32);     \
        c = blamka(c, d);          \
        b = rotr64(b ^ c, 24);     \
        a = blamka(a, b);          \
        d = rotr64(d ^ a, 16);     \
        c = blamka(c, d);          \
        b = rotr64(b ^ c, 63);     \
    } while (0)

/* The BLAKE2b round without message words on sixteen words v[i(0)] .. v[i(15)]. */
#define ROUND(v, i)                                        \
    do {                                                   \
        GB(v[i(0)], v[i(4)], v[i(8)], v[i(12)]);           \
        GB(v[i(1)], v[i(5)], v[i(9)], v[i(13)]);           \
        GB(v[i(2)], v[i(6)], v[i(10)], v[i(14)]);          \
        GB(v[i(3)], v[i(7)], v[i(11)], v[i(15)]);          \
        GB(v[i(0)], v[i(5)], v[i(10)], v[i(15)]);          \
        GB(v[i(1)], v[i(6)], v[i(11)], v[i(12)]);          \
        GB(v[i(2)], v[i(7)], v[i(8)], v[i(13)]);           \
        GB(v[i(3)], v[i(4)], v[i(9)], v[i(14)]);           \
    } while (0)

/* P on the eight rows of sixteen consecutive words, then on the eight columns of word pairs
 * (state word k of column c is word 2c + 16 * (k / 2) + k % 2). */
static void permute(uint64_t *v) {
    for (int r = 0; r < 8; r++) {
        uint64_t *row = v + 16 * r;
#define ROW(k) (k)
        ROUND(row, ROW);
#undef ROW
    }
    for (int c = 0; c < 8; c++) {
        uint64_t *col = v + 2 * c;
#define COL(k) (16 * ((k) / 2) + (k) % 2)
        ROUND(col, COL);
#undef COL
    }
}

/* dst = G(x, y) = P(x ^ y) ^ x ^ y, or dst ^= G(x, y) with_xor (passes after the first). */
static void fill_block(const uint64_t *x, const uint64_t *y, uint64_t *dst, uint64_t *r, uint64_t *keep, int with_xor) {
    for (int i = 0; i < WORDS; i++) {
        r[i] = x[i] ^ y[i];
        keep[i] = with_xor ? r[i] ^ dst[i] : r[i];
    }
    permute(r);
    for (int i = 0; i < WORDS; i++) {
        dst[i] = r[i] ^ keep[i];
    }
}

/* Address block = G(0, G(0, input)) after bumping the input's counter (section 3.4.1.2). */
static void next_addresses(uint64_t *input, uint64_t *address, uint64_t *r) {
    input[6]++;
    memcpy(r, input, sizeof(uint64_t) * WORDS);
    permute(r);
    for (int i = 0; i < WORDS; i++) {
        address[i] = r[i] ^ input[i];
    }
    memcpy(r, address, sizeof(uint64_t) * WORDS);
    permute(r);
    for (int i = 0; i < WORDS; i++) {
        address[i] ^= r[i];
    }
}

/* Section 3.4.2: x = J1^2 / 2^32, y = |W| * x / 2^32, zz = |W| - 1 - y, from startPosition. */
static uint32_t ref_column(uint64_t pseudo_rand, uint64_t area, uint32_t start, uint32_t lane_length) {
    uint64_t j1 = pseudo_rand & 0xffffffffu;
    uint64_t x = (j1 * j1) >> 32;
    uint64_t y = (area * x) >> 32;
    return (uint32_t)((start + area - 1 - y) % lane_length);
}

/* wide: the AVX2 compression where the CPU has it; false keeps to the scalar one (tests). */
JNIEXPORT jint JNICALL Java_org_vaultfs_crypt_NativeArgon2_fillSegment0(JNIEnv *env, jclass cls, jobject memory,
                                                                         jint lanes, jint laneLength,
                                                                         jint segmentLength, jint passes,
                                                                         jint pass, jint lane, jint slice,
                                                                         jboolean wide) {
    (void)cls;
    __builtin_cpu_init();
    const int avx2 = wide && __builtin_cpu_supports("avx2");
    uint64_t *mem = (uint64_t *)(*env)->GetDirectBufferAddress(env, memory);
    jlong capacity = (*env)->GetDirectBufferCapacity(env, memory);
    uint64_t block_count = (uint64_t)lanes * (uint64_t)laneLength;
    if (mem == NULL || capacity < 0 || (uint64_t)capacity < block_count * WORDS * 8) {
        return -1;
    }
    uint64_t scratch[2 * WORDS] __attribute__((aligned(32)));
    uint64_t *r = scratch, *keep = scratch + WORDS;
    uint64_t input[WORDS], address[WORDS];
    const uint32_t seg = (uint32_t)segmentLength;
    const uint32_t lane_len = (uint32_t)laneLength;
    const int independent = pass == 0 && slice < SYNC_POINTS / 2;
    /* Version 0x13 overwrites in the first pass. Not reading the block there also spares fresh
     * memory a read fault onto the zero page followed by a copy-on-write fault per page. */
    const int with_xor = pass > 0;
    /* Reference areas: in the own lane every finished block but the previous one, in another
     * lane its finished slices, one block fewer at i = 0 (then that lane's last finished block
     * would be "previous" to ours). After the first pass: all but the current segment. */
    uint64_t same_base, other_base;
    uint32_t start_position = 0;
    if (pass == 0) {
        same_base = (uint64_t)slice * seg - 1;
        other_base = (uint64_t)slice * seg;
    } else {
        same_base = (uint64_t)lane_len - seg - 1;
        other_base = (uint64_t)lane_len - seg;
        start_position = slice == SYNC_POINTS - 1 ? 0 : (uint32_t)(slice + 1) * seg;
    }
    uint32_t first = 0;
    if (independent) {
        memset(input, 0, sizeof input);
        input[0] = (uint64_t)pass;
        input[1] = (uint64_t)lane;
        input[2] = (uint64_t)slice;
        input[3] = block_count;
        input[4] = (uint64_t)passes;
        input[5] = TYPE_ID;
        if (slice == 0) {
            first = 2; /* the first two blocks of each lane come from H' */
            next_addresses(input, address, r);
        }
    }
    const uint64_t lane_base = (uint64_t)lane * lane_len;
    uint32_t col = (uint32_t)slice * seg + first;
    uint64_t prev = lane_base + (col == 0 ? lane_len - 1 : col - 1);
    for (uint32_t i = first; i < seg; i++, col++) {
        uint64_t pseudo_rand;
        if (independent) {
            if ((i % WORDS) == 0) {
                next_addresses(input, address, r);
            }
            pseudo_rand = address[i % WORDS];
        } else {
            pseudo_rand = mem[prev * WORDS];
        }
        uint32_t ref_lane = pass == 0 && slice == 0 ? (uint32_t)lane : (uint32_t)((pseudo_rand >> 32) % (uint64_t)lanes);
        uint64_t area = ref_lane == (uint32_t)lane ? same_base + i : (i == 0 ? other_base - 1 : other_base);
        uint32_t ref_col = ref_column(pseudo_rand, area, start_position, lane_len);
        uint64_t cur = lane_base + col;
        const uint64_t *ref = mem + ((uint64_t)ref_lane * lane_len + ref_col) * WORDS;
        if (avx2) {
            argon2_fill_block_avx2(mem + prev * WORDS, ref, mem + cur * WORDS, scratch, with_xor);
        } else {
            fill_block(mem + prev * WORDS, ref, mem + cur * WORDS, r, keep, with_xor);
        }
        prev = cur;
    }
    wipe_with(scratch, 0, sizeof scratch);
    wipe_with(address, 0, sizeof address);
    wipe_with(input, 0, sizeof input);
    return 0;
}

/* The derivation's memory, mapped here rather than by the JDK: every block reference is a
 * random jump through 128 MiB, which with 4 KiB pages misses the TLB nearly every time (perf:
 * a quarter of the fill stalled on that one load). A 2 MiB-aligned mapping, kept out of core
 * dumps, since every block derives from the password.
 *
 * Huge pages are not always the cheaper ones to fault in. In a virtual machine that hands free
 * memory back to its host (free page reporting), a 2 MiB page comes from a block the host may
 * have taken back, and what its first touch costs depends on how the host then backs it. On
 * this project's benchmark machine kind 128 MiB took 13-226 ms in huge pages and about 0.5 s in
 * small ones in one week, and 0.5-0.85 s in huge pages and 60-80 ms in small ones in another,
 * where only the first few huge pages (recently freed ones) were cheap (docs/BENCHMARKS.md,
 * sessions 22 and 27). The wrong choice cost a derivation up to 0.7 s. So the memory is faulted
 * in here, 2 MiB at a time, each stretch in whichever page size faulted in faster last time
 * (small pages charged what they cost the filling), the other tried again every 16th stretch
 * while the two are within a factor of four. Where the host is not in the way (bare metal, or
 * memory just freed) huge pages win every time, and faulting them in on one thread here
 * instead of on the filling threads costs a derivation 5-10 ms (JMH). */
#define HUGE_PAGE ((size_t)2 << 20)
#define SMALL_PAGE ((size_t)4096)
#define RETRY_EVERY 16
/* What a 2 MiB stretch in small pages costs the filling beyond its faults, where neither page
 * size waits on the host: JMH, 117 ms a derivation in huge pages against 176-187 ms in small
 * ones, about 1 ms for each of the 64 stretches (docs/BENCHMARKS.md, session 27). */
#define SMALL_PAGES_FILL_NS 1000000LL

static long long monotonic_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Advises one stretch, writes a zero to each of its small pages, and says how long that took. */
static long long fault_in(uint8_t *p, size_t len, int advice) {
    madvise(p, len, advice);
    long long start = monotonic_ns();
    for (size_t i = 0; i < len; i += SMALL_PAGE) {
        ((volatile uint8_t *)p)[i] = 0;
    }
    return monotonic_ns() - start;
}

/* len is a multiple of HUGE_PAGE. What is written here does not matter: the first pass
 * overwrites every block without reading it (Argon2Test.theFirstPassNeverReadsItsDestination). */
static void fault_in_cheapest_pages(uint8_t *start, size_t len) {
    long long huge = -1, small = -1;
    for (size_t i = 0; i < len / HUGE_PAGE; i++) {
        int use_huge = huge < 0 ? 1 : small < 0 ? 0 : huge <= small + SMALL_PAGES_FILL_NS;
        long long chosen = use_huge ? huge : small, other = use_huge ? small : huge;
        if (i % RETRY_EVERY == RETRY_EVERY - 1 && other < 4 * chosen) {
            use_huge = !use_huge; /* close enough that the other may have become the cheaper */
        }
        long long took = fault_in(start + i * HUGE_PAGE, HUGE_PAGE, use_huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
        if (use_huge) {
            huge = took;
        } else {
            small = took;
        }
    }
}

JNIEXPORT jobject JNICALL Java_org_vaultfs_crypt_NativeArgon2_allocate0(JNIEnv *env, jclass cls, jlong bytes) {
    (void)cls;
    if (bytes <= 0) {
        return NULL;
    }
    size_t len = (size_t)bytes;
    size_t span = len + HUGE_PAGE;
    uint8_t *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
    uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    size_t head = start - (uintptr_t)p;
    if (head > 0) {
        munmap(p, head);
    }
    if (span - head - len > 0) {
        munmap((uint8_t *)start + len, span - head - len);
    }
    madvise((void *)start, len, MADV_DONTDUMP);
    if (len % HUGE_PAGE == 0) {
        fault_in_cheapest_pages((uint8_t *)start, len);
    } else {
        madvise((void *)start, len, MADV_HUGEPAGE); /* advice only: without it the code still runs */
    }
    jobject buffer = (*env)->NewDirectByteBuffer(env, (void *)start, (jlong)len);
    if (buffer == NULL) {
        munmap((void *)start, len);
    }
    return buffer;
}

/* Wipes and unmaps memory from allocate0. */
JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeArgon2_free0(JNIEnv *env, jclass cls, jobject buffer) {
    (void)cls;
    void *p = (*env)->GetDirectBufferAddress(env, buffer);
    jlong capacity = (*env)->GetDirectBufferCapacity(env, buffer);
    if (p != NULL && capacity > 0) {
        wipe_with(p, 0, (size_t)capacity);
        munmap(p, (size_t)capacity);
    }
}
