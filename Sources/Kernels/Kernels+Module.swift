// Kernels module (see README "How it works").
