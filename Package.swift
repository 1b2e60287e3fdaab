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

    .target(name: "ArgumentParsing"),
    .target(name: "ModelGraph"),
    .target(name: "Kernels", dependencies: ["ModelGraph", "CKernels"]),
    .target(name: "Profiling", dependencies: ["ModelGraph", "Kernels", "CKernels", "CUDAShim"]),
    .target(name: "YAMLLite"),
    .target(name: "Profiles", dependencies: ["YAMLLite", "ArgumentParsing"]),
    .target(name: "CostModel", dependencies: ["ModelGraph", "Profiling", "Profiles"]),
    .target(name: "Validation", dependencies: ["ModelGraph", "Kernels", "Profiling", "CostModel"]),
    .target(name: "Reporting", dependencies: ["ModelGraph", "Profiling", "Profiles", "CostModel", "Validation"]),
    .executableTarget(
      name: "infer-plan",
      dependencies: [
        "ArgumentParsing", "ModelGraph", "Kernels", "Profiling", "YAMLLite", "Profiles",
        "CostModel", "Validation", "Reporting",
      ]),
    .executableTarget(
      name: "infer-plan-bench", dependencies: ["ModelGraph", "Kernels", "CKernels", "Profiling", "CostModel"],
      path: "Benchmarks/infer-plan-bench"),

    .target(name: "TestSupport", dependencies: ["ModelGraph"], path: "Tests/TestSupport"),
    // Fixed hardware, host and measurements shared by the planner and report tests.
    .target(
      name: "PlanningFixtures", dependencies: ["CostModel", "Profiles", "Profiling"],
      path: "Tests/PlanningFixtures"),
    .testTarget(name: "ArgumentParsingTests", dependencies: ["ArgumentParsing"]),
    .testTarget(name: "ModelGraphTests", dependencies: ["ModelGraph", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "KernelsTests", dependencies: ["Kernels", "CKernels", "ModelGraph", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "ProfilingTests", dependencies: ["Profiling", "ModelGraph", "Kernels", "CUDAShim", "TestSupport"]),
    .testTarget(name: "YAMLLiteTests", dependencies: ["YAMLLite", "TestSupport"]),
    .testTarget(name: "ProfilesTests", dependencies: ["Profiles", "YAMLLite"]),
    .testTarget(name: "CostModelTests", dependencies: ["CostModel", "Profiling", "Profiles", "TestSupport", "PlanningFixtures"]),
    .testTarget(name: "ValidationTests", dependencies: ["Validation", "CostModel", "Profiling", "TestSupport"]),
    .testTarget(name: "ReportingTests", dependencies: ["Reporting", "CostModel", "Profiling", "Profiles", "TestSupport", "PlanningFixtures"], resources: [.copy("Golden")]),
    .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
  ]
)
