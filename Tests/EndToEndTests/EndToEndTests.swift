import Testing

// Tests for EndToEnd arrive with its issue.
