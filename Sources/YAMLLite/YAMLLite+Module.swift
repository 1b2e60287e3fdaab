// YAMLLite module (see README "How it works").
