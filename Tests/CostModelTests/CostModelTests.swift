import Testing

// Tests for CostModel arrive with its issue.
