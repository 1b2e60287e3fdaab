import Foundation

/// A Triton Inference Server model configuration (`config.pbtxt`, protobuf text format of
/// `inference.ModelConfig`, https://github.com/triton-inference-server/common/blob/main/protobuf/model_config.proto)
/// for the plan's recommendation: its batch as `max_batch_size` and preferred batch, its
/// batching delay as `max_queue_delay_microseconds`, one instance group of the planned kind.
enum TritonConfig {
  static func text(_ target: ExportTarget) -> String {
    let option = target.option
    var lines = [target.header("#").trimmingCharacters(in: ["\n"])]
    lines.append("name: \"\(target.name)\"")
    if target.isONNX {
      lines.append("# Place the model at \(target.name)/1/model.onnx (Triton's ONNX Runtime backend).")
      lines.append("platform: \"onnxruntime_onnx\"")
    } else {
      lines.append("# infer-plan's own model format has no Triton backend: supply \(target.name)/1/model.py, a")
      lines.append("# TritonPythonModel that runs this model, and declare its input and output tensors here.")
      lines.append("backend: \"python\"")
    }
    lines.append("max_batch_size: \(option.batch)")
    lines.append("dynamic_batching {")
    lines.append("  preferred_batch_size: [ \(option.batch) ]")
    lines.append("  max_queue_delay_microseconds: \(target.delayMicroseconds)")
    lines.append("}")
    // A GPU replica is one GPU: one model instance on each GPU Triton sees. A CPU instance
    // hosts several replicas of `threads` cores each.
    let count = target.isGPU ? 1 : max(1, Int((Double(option.replicas ?? 1) / Double(max(1, option.instances ?? 1))).rounded(.up)))
    lines.append("instance_group [")
    lines.append("  {")
    lines.append("    count: \(count)")
    lines.append("    kind: \(target.isGPU ? "KIND_GPU" : "KIND_CPU")")
    lines.append("  }")
    lines.append("]")
    if target.isONNX && !target.isGPU {
      lines.append("parameters {")
      lines.append("  key: \"intra_op_thread_count\"")
      lines.append("  value: { string_value: \"\(option.threads)\" }")
      lines.append("}")
    }
    if target.isGPU && option.precision.rawValue != "fp32" {
      lines.append("# The plan assumed \(option.precision.rawValue) on the GPU: export the model in that precision.")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
