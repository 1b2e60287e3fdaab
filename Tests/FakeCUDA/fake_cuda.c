#include "fake_cuda.h"
int fake_cuda_marker(void) { return 1; }
