/* AES-256 and POLYVAL kernels behind NativeGcmSiv's JNI entry points (gcmsiv_native.c);
 * they need AES-NI, PCLMULQDQ and SSE4.1, which NativeGcmSiv.init0 checks. */
#ifndef VAULTFS_GCMSIV_KERNEL_H
#define VAULTFS_GCMSIV_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/* An expanded AES-256 key: fifteen round keys. */
typedef struct {
    _Alignas(16) uint8_t rk[15 * 16];
} gs_aes_key;

/* H, H^2 .. H^8 under POLYVAL's dot product. */
typedef struct {
    _Alignas(16) uint8_t pow[8 * 16];
} gs_powers;

void gs_wipe(void *p, size_t n);
void gs_expand(gs_aes_key *k, const uint8_t key[32]);
void gs_encrypt_block(const gs_aes_key *k, const uint8_t in[16], uint8_t out[16]);
/* XORs the keystream from counter into buf in place; counter is advanced past it. */
void gs_ctr(const gs_aes_key *k, uint8_t counter[16], const uint8_t *in, uint8_t *out, size_t len);
void gs_powers_init(gs_powers *p, const uint8_t h[16]);
/* Absorbs whole 16-byte blocks into the POLYVAL value state. */
void gs_polyval(const gs_powers *p, uint8_t state[16], const uint8_t *in, size_t blocks);

/* The same on 512-bit registers (gcmsiv_vaes.c): AVX-512F/BW/VL, VAES and VPCLMULQDQ only. */
void gs_ctr_wide(const gs_aes_key *k, uint8_t counter[16], const uint8_t *in, uint8_t *out, size_t len);
void gs_polyval_wide(const gs_powers *p, uint8_t state[16], const uint8_t *in, size_t blocks);

#endif
