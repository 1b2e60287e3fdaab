/// A KServe InferenceService (`serving.kserve.io/v1beta1`,
/// https://kserve.github.io/website/latest/reference/api/) for the plan's recommendation: min
/// and max replicas as the HPA's, the same resources and nodeSelector. An ONNX model is served
/// by KServe's ONNX runtime from `--model-uri`; any other runs in the `--image` container with
/// the model's URI in `STORAGE_URI`.
enum KServeManifest {
  static func inferenceService(_ target: ExportTarget) -> String {
    let header = target.header("#", image: !target.isONNX, modelURI: true)
    var lines = [header + "apiVersion: serving.kserve.io/v1beta1", "kind: InferenceService"]
    lines += KubernetesManifests.metadata(target, annotated: true)
    lines += [
      "spec:", "  predictor:", "    minReplicas: \(target.averageReplicas)", "    maxReplicas: \(target.peakReplicas)",
      "    nodeSelector:", "      node.kubernetes.io/instance-type: \(YAMLText.quoted(target.option.hardware))",
    ]
    if target.isONNX {
      lines += [
        "    model:", "      modelFormat:", "        name: onnx", "      storageUri: \(YAMLText.quoted(target.modelURI))",
      ]
      lines += KubernetesManifests.resources(target).map { "      " + $0 }
    } else {
      lines += [
        "    containers:", "      - name: kserve-container", "        image: \(YAMLText.quoted(target.image))",
        "        env:", "          - name: STORAGE_URI", "            value: \(YAMLText.quoted(target.modelURI))",
      ]
      lines += KubernetesManifests.resources(target).map { "        " + $0 }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
