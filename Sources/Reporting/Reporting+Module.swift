// Reporting module (see README "How it works").
