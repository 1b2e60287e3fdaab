// Validation module (see README "How it works").
