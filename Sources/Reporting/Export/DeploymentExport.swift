import Foundation
import Records

/// What `infer-plan export` writes, from a plan document: a Triton model configuration, or
/// Kubernetes manifests (Deployment, Service, HorizontalPodAutoscaler), or a KServe
/// InferenceService, each for the plan's recommendation.
public enum ExportFormat: String, CaseIterable, Sendable {
  case triton, kubernetes, kserve
}

/// The settings an export takes besides the plan.
public struct ExportSettings: Sendable, Equatable {
  /// The container image; nil writes a placeholder.
  public var image: String?
  /// Where the model is stored (`s3://…`, `gs://…`, `pvc://…`); nil writes a placeholder.
  public var modelURI: String?
  /// The plan file's SHA-256 in hex, first 12 digits: the manifests' `infer-plan/plan-hash` label.
  public var planHash: String

  public init(image: String?, modelURI: String?, planHash: String) {
    self.image = image
    self.modelURI = modelURI
    self.planHash = planHash
  }

  /// Written where `--image` was not given: clearly not an image anyone has.
  public static let imagePlaceholder = "REPLACE-WITH-IMAGE"
  /// Written where `--model-uri` was not given.
  public static let modelURIPlaceholder = "REPLACE-WITH-MODEL-URI"
}

/// The files of one export, paths relative to the `--out` folder.
public struct ExportBundle: Sendable, Equatable {
  /// Folders to create (Triton's version folder `<model>/1`), relative.
  public var folders: [String]
  /// (relative path, text), in the order written.
  public var files: [(path: String, text: String)]

  public static func == (a: ExportBundle, b: ExportBundle) -> Bool {
    a.folders == b.folders && a.files.map(\.path) == b.files.map(\.path) && a.files.map(\.text) == b.files.map(\.text)
  }
}

/// Why a plan can't be exported (exit 1).
public enum ExportError: Error, Equatable, CustomStringConvertible {
  case noRecommendation(path: String, outcome: String, headline: String)

  public var description: String {
    switch self {
    case let .noRecommendation(path, outcome, headline):
      "\(path): the plan has no recommendation to deploy (outcome \(outcome))"
        + (headline.isEmpty ? "" : ": \(headline)")
        + " Re-plan with a larger --budget or a looser --latency-slo, then export that plan."
    }
  }
}

/// Builds an export from a plan document (pure: the command writes the files).
public enum DeploymentExport {
  /// The files for `format`, deploying `plan`'s recommendation.
  /// - Throws: `ExportError.noRecommendation` when nothing meets both limits.
  public static func bundle(
    for plan: PlanDocument, path: String, format: ExportFormat, settings: ExportSettings
  ) throws(ExportError) -> ExportBundle {
    guard let chosen = plan.recommendation?.option else {
      throw .noRecommendation(path: path, outcome: plan.outcome, headline: plan.headline)
    }
    let target = ExportTarget(plan: plan, option: chosen, settings: settings)
    switch format {
    case .triton:
      return ExportBundle(
        folders: ["\(target.name)/1"], files: [("\(target.name)/config.pbtxt", TritonConfig.text(target))])
    case .kubernetes:
      return ExportBundle(
        folders: [],
        files: [
          ("deployment.yaml", KubernetesManifests.deployment(target)), ("service.yaml", KubernetesManifests.service(target)),
          ("hpa.yaml", KubernetesManifests.autoscaler(target)),
        ])
    case .kserve:
      return ExportBundle(folders: [], files: [("inferenceservice.yaml", KServeManifest.inferenceService(target))])
    }
  }
}

/// The recommendation with the names and counts every export format needs.
struct ExportTarget {
  var plan: PlanDocument
  var option: PlanDocument.Option
  var settings: ExportSettings

  /// The model's name as a DNS-1035 label (lower case, digits and `-`, a letter first, at most
  /// 63 characters): valid as a Kubernetes object name, a Service name and a Triton model folder.
  var name: String { Self.dnsLabel(plan.inputs.modelName) }

  /// Whether the model file is ONNX (by its name), which Triton and KServe serve directly.
  var isONNX: Bool { plan.inputs.model.lowercased().hasSuffix(".onnx") }

  var isGPU: Bool { option.deviceClass == "gpu" }

  /// The option followed through a day of traffic, when the plan had one: its autoscaling
  /// limits replace the estimate from volume ÷ peak.
  var trafficFleet: PlanDocument.Fleet? {
    let wanted = option
    return plan.traffic?.fleets.first { (fleet: PlanDocument.Fleet) -> Bool in
      let sameDevice = fleet.hardware == wanted.hardware && fleet.device == wanted.device
      return sameDevice && fleet.precision == wanted.precision.rawValue && fleet.batch == wanted.batch
        && fleet.threads == wanted.threads
    }
  }

  /// Replicas the plan sized for the peak rate (volume × peak factor); with a day of traffic, the
  /// autoscaling maximum.
  var peakReplicas: Int { trafficFleet.map { max(1, $0.maxReplicas) } ?? max(1, option.replicas ?? 1) }

  /// Replicas for the average volume: the peak replicas scaled by volume ÷ peak rate, at least 1;
  /// with a day of traffic, the autoscaling minimum.
  var averageReplicas: Int {
    if let fleet = trafficFleet { return max(1, min(fleet.minReplicas, peakReplicas)) }
    let peak = plan.inputs.peakRate
    guard peak > 0 else { return peakReplicas }
    return max(1, min(peakReplicas, Int((Double(peakReplicas) * plan.inputs.volume / peak).rounded(.up))))
  }

  /// The batching delay in whole microseconds (Triton's unit).
  var delayMicroseconds: Int {
    Int(((option.batchingDelay ?? plan.inputs.maxBatchingDelay) * 1e6).rounded())
  }

  var image: String { settings.image ?? ExportSettings.imagePlaceholder }
  var modelURI: String { settings.modelURI ?? ExportSettings.modelURIPlaceholder }

  /// "1 × t3.small (CPU, batch 1), $15.18/month, p99 95.4 µs".
  var summary: String {
    "\(option.instances ?? 1) × \(option.hardware) (\(option.deviceClass.uppercased()), batch \(option.batch)), "
      + "\(option.monthlyUSD.map(ReadableNumber.usd) ?? "no price")/month, p99 \(option.p99.map(ReadableNumber.duration) ?? "—")"
  }

  /// The comment lines every file starts with, naming the placeholders the file holds.
  func header(_ comment: String, image usesImage: Bool = false, modelURI usesModelURI: Bool = false) -> String {
    var lines = [
      "Written by infer-plan \(plan.toolVersion) from plan \(settings.planHash) (\(PlanDocument.schemaTag.description)).",
      "Deploys the recommendation: \(summary).",
    ]
    if usesImage && settings.image == nil { lines.append("Placeholder \(ExportSettings.imagePlaceholder): pass --image.") }
    if usesModelURI && settings.modelURI == nil {
      lines.append("Placeholder \(ExportSettings.modelURIPlaceholder): pass --model-uri.")
    }
    return lines.map { "\(comment) \($0)" }.joined(separator: "\n") + "\n"
  }

  static func dnsLabel(_ text: String) -> String {
    var label = ""
    for scalar in text.lowercased().unicodeScalars {
      let keep = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
      if keep { label.unicodeScalars.append(scalar) } else if !label.isEmpty && !label.hasSuffix("-") { label += "-" }
    }
    while label.hasSuffix("-") { label.removeLast() }
    if label.isEmpty { label = "model" }
    if let first = label.unicodeScalars.first, !(first >= "a" && first <= "z") { label = "m-" + label }
    if label.count > 63 { label = String(label.prefix(63)) }
    while label.hasSuffix("-") { label.removeLast() }
    return label
  }
}
