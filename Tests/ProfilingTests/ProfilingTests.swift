import Testing

// Tests for Profiling arrive with its issue.
