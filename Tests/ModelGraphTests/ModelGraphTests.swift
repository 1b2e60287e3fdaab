import Testing

// Tests for ModelGraph arrive with its issue.
