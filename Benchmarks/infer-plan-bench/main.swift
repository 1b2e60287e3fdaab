print("infer-plan-bench: not built yet (issue 5)")
