// The graph JSON of a native model (`__metadata__.graph`), then the graph's checks (as
// `ModelFile.read` does once the tensors are read; a graph without weights fails there).
import Foundation
import ModelGraph

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  refusing {
    let description = try GraphDescription(jsonData: Data(buffer: buffer(data, size)), path: "model.bin")
    let graph = Graph(
      name: description.name, architecture: description.architecture, kind: description.kind,
      nodes: description.nodes, output: description.output, weights: [:])
    _ = try GraphAnalysis(graph)
  }
  return 0
}
