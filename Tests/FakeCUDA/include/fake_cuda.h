// A fake libcuda for tests (issue 6 fills it in).
#ifndef FAKE_CUDA_H
#define FAKE_CUDA_H
int fake_cuda_marker(void);
#endif
