#include <stddef.h>
#include <stdint.h>
void keccak256(const uint8_t *in, size_t length, uint8_t out[32]);
