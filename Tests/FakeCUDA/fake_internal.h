// Shared helpers of the fake CUDA libraries: call log, failure rules, 16-bit conversions.
#ifndef FAKE_INTERNAL_H
#define FAKE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/// Logs a call to `name` and returns the failure code a rule asks for (0 = succeed).
int fake_enter(const char *name);
/// Lt algorithms the heuristic reports.
int fake_lt_algorithms(void);

enum { FAKE_R_32F = 0, FAKE_R_16F = 2, FAKE_R_16BF = 14 };

static inline float fake_bf16_to_float(uint16_t h) {
  uint32_t bits = (uint32_t)h << 16;
  float f;
  memcpy(&f, &bits, 4);
  return f;
}
static inline uint16_t fake_float_to_bf16(float f) {
  uint32_t bits;
  memcpy(&bits, &f, 4);
  bits += 0x7FFF + ((bits >> 16) & 1);  // round to nearest even
  return (uint16_t)(bits >> 16);
}
/// Reads element `i` of an array of `type` as float.
static inline float fake_load(const void *base, size_t i, int type) {
  if (type == FAKE_R_16F) return (float)((const _Float16 *)base)[i];
  if (type == FAKE_R_16BF) return fake_bf16_to_float(((const uint16_t *)base)[i]);
  return ((const float *)base)[i];
}
/// Writes element `i` of an array of `type`.
static inline void fake_store(void *base, size_t i, int type, float value) {
  if (type == FAKE_R_16F) ((_Float16 *)base)[i] = (_Float16)value;
  else if (type == FAKE_R_16BF) ((uint16_t *)base)[i] = fake_float_to_bf16(value);
  else ((float *)base)[i] = value;
}
#endif
