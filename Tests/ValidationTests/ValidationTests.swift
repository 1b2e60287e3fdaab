import Testing

// Tests for Validation arrive with its issue.
