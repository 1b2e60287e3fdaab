import Testing

// Tests for YAMLLite arrive with its issue.
