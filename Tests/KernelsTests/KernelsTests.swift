import Testing

// Tests for Kernels arrive with its issue.
