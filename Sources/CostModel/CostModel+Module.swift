// CostModel module (see README "How it works").
