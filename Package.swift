// swift-tools-version:6.0
// infer-plan: measure a model's forward pass, then plan CPU/GPU serving cost and latency.
// No external packages: the toolchain only (Foundation, Dispatch, Swift Testing).
import PackageDescription

let package = Package(
  name: "infer-plan",
  products: [
    .executable(name: "infer-plan", targets: ["infer-plan"]),
    .executable(name: "infer-plan-bench", targets: ["infer-plan-bench"]),
    // A stand-in for libcuda.so.1 that tests dlopen by path (no GPU needed).
    .library(name: "FakeCUDA", type: .dynamic, targets: ["FakeCUDA"]),
  ],
  targets: [
    // C: CPU feature detection and GEMM/elementwise kernels (per-function target attributes,
    // never a global -mavx512f, so the binary runs on CPUs without AVX-512).
    .target(
      name: "CKernels", cSettings: [.unsafeFlags(["-O3"], .when(configuration: .release))],
      linkerSettings: [.linkedLibrary("m"), .linkedLibrary("pthread")]),
    // C: dlopen'd CUDA driver + cuBLAS shim; no CUDA headers needed to build.
    .target(name: "CUDAShim", linkerSettings: [.linkedLibrary("dl")]),
    .target(name: "FakeCUDA", path: "Tests/FakeCUDA"),

    // Leaves every stage may use (Foundation only).
    // Records: measurement records and their table, typed versioned documents, the atomic
    // writer, the JSON value, and the shared small utilities (seeded generator, percentiles).
    .target(name: "Records"),
    // Units: rates, budgets and durations, parsed the same way on the command line and in profiles.
    .target(name: "Units"),
    .target(name: "YAMLLite"),

    .target(name: "ArgumentParsing", dependencies: ["Records"]),
    .target(name: "ModelGraph", dependencies: ["Records"]),
    .target(name: "Kernels", dependencies: ["ModelGraph", "CKernels"]),
    // The GPU forward pass: dlopen'd driver + cuBLAS through CUDAShim, PTX, calibration, gpu-check.
    .target(name: "CUDA", dependencies: ["ModelGraph", "Kernels", "Records", "CUDAShim"]),
    .target(name: "Profiling", dependencies: ["ModelGraph", "Kernels", "CUDA", "CKernels", "Records"]),
    .target(name: "Profiles", dependencies: ["YAMLLite", "Units", "Records"]),
    .target(name: "CostModel", dependencies: ["ModelGraph", "Records", "Units", "Profiles"]),
    .target(name: "Validation", dependencies: ["ModelGraph", "Kernels", "Profiling", "Records", "CostModel"]),
    .target(name: "Reporting", dependencies: ["Records", "Profiles", "CostModel"]),
    .executableTarget(
      name: "infer-plan",
      dependencies: [
        "ArgumentParsing", "Units", "Records", "ModelGraph", "Kernels", "CUDA", "Profiling", "Profiles",
        "CostModel", "Validation", "Reporting",
      ]),
    .executableTarget(
      name: "infer-plan-bench", dependencies: ["ModelGraph", "Kernels", "CKernels", "Records"],
      path: "Benchmarks/infer-plan-bench"),

    .target(name: "TestSupport", dependencies: ["ModelGraph", "Records"], path: "Tests/TestSupport"),
    // Fixed hardware, host and measurements shared by the planner and report tests.
    .target(
      name: "PlanningFixtures", dependencies: ["CostModel", "ModelGraph", "Profiles", "Records"],
      path: "Tests/PlanningFixtures"),
    .testTarget(name: "ArgumentParsingTests", dependencies: ["ArgumentParsing"]),
    .testTarget(name: "UnitsTests", dependencies: ["Units"]),
    .testTarget(name: "RecordsTests", dependencies: ["Records"]),
    .testTarget(name: "CUDATests", dependencies: ["CUDA", "CUDAShim", "ModelGraph", "Kernels", "Records", "TestSupport"]),
    .testTarget(name: "ModelGraphTests", dependencies: ["ModelGraph", "Records"], resources: [.copy("Fixtures")]),
    .testTarget(name: "KernelsTests", dependencies: ["Kernels", "CKernels", "ModelGraph", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "ProfilingTests", dependencies: ["Profiling", "ModelGraph", "Kernels", "CKernels", "CUDA", "Records"]),
    .testTarget(name: "YAMLLiteTests", dependencies: ["YAMLLite", "TestSupport"]),
    .testTarget(name: "ProfilesTests", dependencies: ["Profiles", "Units"]),
    .testTarget(name: "CostModelTests", dependencies: ["CostModel", "ModelGraph", "Records", "Profiles", "PlanningFixtures", "TestSupport", "Units"]),
    .testTarget(name: "ValidationTests", dependencies: ["Validation", "CostModel", "Records", "Kernels", "ModelGraph", "Profiling"]),
    .testTarget(name: "ReportingTests", dependencies: ["Reporting", "CostModel", "Records", "PlanningFixtures", "Units"], resources: [.copy("Golden")]),
    .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "Records"]),
  ]
)
