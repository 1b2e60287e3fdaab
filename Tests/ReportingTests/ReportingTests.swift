import Testing

// Tests for Reporting arrive with its issue.
