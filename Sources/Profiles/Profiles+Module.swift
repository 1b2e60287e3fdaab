// Profiles module (see README "How it works").
