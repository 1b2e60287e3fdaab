/// Kubernetes manifests for the plan's recommendation, one object per file: a Deployment
/// (`apps/v1`) with the plan's replicas, a Service (`v1`) and a HorizontalPodAutoscaler
/// (`autoscaling/v2`). Every pod runs one replica: CPU requests and limits equal the planned
/// threads, a GPU replica asks for one `nvidia.com/gpu`, and a nodeSelector on
/// `node.kubernetes.io/instance-type` puts it on the planned instance.
enum KubernetesManifests {
  /// The Triton server's HTTP and gRPC ports, which the Service exposes.
  static let ports = [("http", 8000), ("grpc", 8001)]

  static func deployment(_ target: ExportTarget) -> String {
    var lines = [target.header("#", image: true, modelURI: true) + "apiVersion: apps/v1", "kind: Deployment"]
    lines += metadata(target, annotated: true)
    lines += ["spec:", "  replicas: \(target.peakReplicas)", "  selector:", "    matchLabels:"]
    lines.append("      app.kubernetes.io/name: \(YAMLText.quoted(target.name))")
    lines += ["  template:", "    metadata:", "      labels:"]
    lines += labels(target).map { "        " + $0 }
    lines += ["    spec:", "      nodeSelector:"]
    lines.append("        node.kubernetes.io/instance-type: \(YAMLText.quoted(target.option.hardware))")
    lines += ["      containers:", "        - name: server", "          image: \(YAMLText.quoted(target.image))"]
    lines += ["          env:"]
    for (name, value) in environment(target) {
      lines += ["            - name: \(name)", "              value: \(YAMLText.quoted(value))"]
    }
    lines.append("          ports:")
    for (name, port) in ports { lines += ["            - name: \(name)", "              containerPort: \(port)"] }
    lines += resources(target).map { "          " + $0 }
    return lines.joined(separator: "\n") + "\n"
  }

  static func service(_ target: ExportTarget) -> String {
    var lines = [target.header("#") + "apiVersion: v1", "kind: Service"]
    lines += metadata(target, annotated: false)
    lines += ["spec:", "  selector:", "    app.kubernetes.io/name: \(YAMLText.quoted(target.name))", "  ports:"]
    for (name, port) in ports {
      lines += ["    - name: \(name)", "      port: \(port)", "      targetPort: \(name)"]
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Scales between the replicas for the average volume and those for the peak rate (volume ×
  /// peak factor) on the CPU utilization the plan targets.
  static func autoscaler(_ target: ExportTarget) -> String {
    var lines = [target.header("#")]
    if target.averageReplicas == target.peakReplicas {
      lines[0] += target.trafficFleet == nil
        ? "# min = max: the plan's peak rate is its volume; plan with --peak-factor to leave room to scale.\n"
        : "# min = max: the simulated day never needed more replicas than the minimum.\n"
    }
    lines[0] += "apiVersion: autoscaling/v2"
    lines.append("kind: HorizontalPodAutoscaler")
    lines += metadata(target, annotated: false)
    lines += [
      "spec:", "  scaleTargetRef:", "    apiVersion: apps/v1", "    kind: Deployment",
      "    name: \(YAMLText.quoted(target.name))", "  minReplicas: \(target.averageReplicas)",
      "  maxReplicas: \(target.peakReplicas)", "  metrics:", "    - type: Resource", "      resource:",
      "        name: cpu", "        target:", "          type: Utilization",
      "          averageUtilization: \(Int((target.plan.inputs.targetUtilization * 100).rounded()))",
    ]
    if let fleet = target.trafficFleet {
      // The cooldown the plan simulated; Kubernetes' own default is the same 300 s.
      lines += [
        "  behavior:", "    scaleDown:", "      stabilizationWindowSeconds: \(Int(fleet.cooldown.rounded()))",
      ]
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `metadata:` with the name, the labels and (on the Deployment) the plan's figures.
  static func metadata(_ target: ExportTarget, annotated: Bool, indent: String = "") -> [String] {
    var lines = ["\(indent)metadata:", "\(indent)  name: \(YAMLText.quoted(target.name))", "\(indent)  labels:"]
    lines += labels(target).map { "\(indent)    " + $0 }
    if annotated {
      lines.append("\(indent)  annotations:")
      lines += annotations(target).map { "\(indent)    \($0.0): \(YAMLText.quoted($0.1))" }
    }
    return lines
  }

  /// Label lines; every value ≤ 63 characters, as Kubernetes requires.
  static func labels(_ target: ExportTarget) -> [String] {
    [
      "app.kubernetes.io/name: \(YAMLText.quoted(target.name))", "app.kubernetes.io/managed-by: \"infer-plan\"",
      "infer-plan/plan-hash: \(YAMLText.quoted(target.settings.planHash))",
    ]
  }

  /// The plan's figures for whoever reads the object later.
  static func annotations(_ target: ExportTarget) -> [(String, String)] {
    let o = target.option
    var result = [
      ("infer-plan/hardware", o.hardware), ("infer-plan/device", "\(o.device) \(o.precision.rawValue)"),
      ("infer-plan/batch", String(o.batch)), ("infer-plan/threads", String(o.threads)),
      ("infer-plan/instances", String(o.instances ?? 1)),
    ]
    if let usd = o.monthlyUSD { result.append(("infer-plan/monthly-usd", PlanCSV.number(usd))) }
    if let p99 = o.p99 { result.append(("infer-plan/p99-seconds", PlanCSV.number(p99))) }
    result.append(("infer-plan/label", o.label))
    return result
  }

  /// The server's settings from the plan, as environment variables.
  static func environment(_ target: ExportTarget) -> [(String, String)] {
    [
      ("MODEL_URI", target.modelURI), ("MAX_BATCH_SIZE", String(target.option.batch)),
      ("MAX_QUEUE_DELAY_MICROSECONDS", String(target.delayMicroseconds)), ("OMP_NUM_THREADS", String(target.option.threads)),
    ]
  }

  /// `resources:` lines: CPU requests and limits equal the threads; a GPU replica adds one GPU.
  static func resources(_ target: ExportTarget) -> [String] {
    let cpu = YAMLText.quoted(String(target.option.threads))
    var lines = ["resources:", "  requests:", "    cpu: \(cpu)", "  limits:", "    cpu: \(cpu)"]
    if target.isGPU { lines.append("    nvidia.com/gpu: 1") }
    return lines
  }
}

/// Scalars as the manifests write them.
enum YAMLText {
  /// A double-quoted YAML scalar (JSON's escapes are valid YAML), so no value is read as a
  /// number or boolean (a plan hash of digits stays a string).
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 { result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) }
        else { result.unicodeScalars.append(scalar) }
      }
    }
    return result + "\""
  }
}
