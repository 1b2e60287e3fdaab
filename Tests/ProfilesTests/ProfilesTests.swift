import Testing

// Tests for Profiles arrive with its issue.
